//! Trainer playback in the engine worker: what it does for each request (`Play`, answered with
//! `Played`: `wire::playback`), and the playback itself, held beside the model it borrows and
//! apart from the job, so that a run never ends a playback nor a playback a run. Each request is
//! done at once: a step of playback is short, and a return to a checkpoint replays one
//! replication at most.

use gloo::worker::HandlerId;

use super::EngineWorker;
use crate::engine::drill::Drill;
use crate::engine::playback::{Playback, policy};
use crate::engine::{self, Model, Problem};
use crate::wire::{Play, Played};

self_cell::self_cell!(
    /// A trainer playback together with the models it borrows.
    struct Playing {
        owner: Vec<Model>,
        #[covariant]
        dependent: Playback,
    }
);

/// The playback in the worker, and who asked for it.
pub(super) struct Player {
    id: u32,
    pub(super) who: HandlerId,
    /// The scenario whose policy is in effect now (as JSON), for the next change to be checked
    /// against.
    policy: serde_json::Value,
    playing: Playing,
    /// The drill the playback asks, if it is one.
    drill: Option<Drill>,
}

impl EngineWorker {
    /// Does what playback `id` is asked and says where it stands after.
    #[allow(
        clippy::redundant_closure_for_method_calls,
        reason = "`Playback::save` is not general over the playback's lifetime"
    )]
    pub(super) fn play(&mut self, id: u32, who: HandlerId, play: Play) -> Option<Played> {
        let drilled = matches!(play, Play::Drill(_));
        match play {
            Play::Start(scenario) | Play::Drill(scenario) => {
                self.playback = None;
                let checked = engine::load(&scenario);
                let Some(model) = checked.model else {
                    return Some(Played::Invalid(checked.problems));
                };
                let seed = model.run.seed;
                let drill = match (drilled, &model.drill) {
                    (false, _) => None,
                    (true, Some(plan)) => match Drill::new(&model, seed, plan) {
                        Ok(d) => Some(d),
                        Err(problems) => return Some(Played::Invalid(problems)),
                    },
                    (true, None) => {
                        return Some(Played::Invalid(vec![Problem::error("drill", "the scenario sets no drill")]));
                    }
                };
                let policy = serde_json::from_str(&scenario).unwrap_or_default();
                let playing = Playing::new(vec![model], |m| Playback::new(m, seed));
                self.playback = Some(Player { id, who, policy, playing, drill });
                Some(self.playing(id, |_| {}))
            }
            Play::Policy(scenario) => Some(self.change_policy(id, &scenario)),
            Play::Advance(minutes) => Some(self.drilling(id, |p, d| match d {
                Some(d) => d.advance(p, minutes),
                None => p.advance(minutes),
            })),
            Play::Answer(option) => Some(self.drilling(id, |p, d| {
                if let Some(d) = d {
                    d.answer(p.now(), option);
                }
            })),
            Play::Change(change) => Some(self.playing(id, |p| {
                // A refusal is in the view.
                let _ = p.change(change);
            })),
            Play::Save => Some(self.playing(id, |p| p.save())),
            Play::Restore(checkpoint) => Some(self.playing(id, |p| {
                p.restore(checkpoint);
            })),
            Play::Stop => {
                if self.playback.as_ref().is_some_and(|p| p.id == id) {
                    self.playback = None;
                }
                None
            }
        }
    }

    /// Playback `id` goes on under the edited scenario's policy, or says why it cannot (in the
    /// view's refusal). The new model joins the ones the playback borrows: the playback is
    /// rebuilt over them, replayed to the moment reached, and changes policy there.
    fn change_policy(&mut self, id: u32, scenario: &str) -> Played {
        let Some(player) = self.playback.take_if(|p| p.id == id) else { return Played::Gone };
        let Player { who, policy, playing, drill, .. } = player;
        let edited: serde_json::Value = serde_json::from_str(scenario).unwrap_or_default();
        let checked = engine::load(scenario);
        let change = policy::policy_change(&policy, &edited);
        let (model, what) = match (checked.model, change) {
            (Some(model), Ok(what)) if drill.is_none() => (model, what),
            (model, change) => {
                let why = match (model, change) {
                    (_, Err(place)) => policy::elsewhere(&place),
                    (Some(_), Ok(_)) => "a drill's run cannot change: its answers come from it".to_string(),
                    (None, Ok(_)) => "the edited scenario has errors: fix them to apply it".to_string(),
                };
                let mut playing = playing;
                playing.with_dependent_mut(|_, p| p.refuse(why));
                self.playback = Some(Player { id, who, policy, playing, drill });
                return self.playing(id, |_| {});
            }
        };
        let (seed, carried) = playing.with_dependent(|_, p| (p.seed(), p.carried()));
        let mut models = playing.into_owner();
        models.push(model);
        let to = models.len() - 1;
        let mut playing = Playing::new(models, |m| Playback::resume(m, seed, carried));
        playing.with_dependent_mut(|_, p| {
            p.change_policy(to, &what);
        });
        self.playback = Some(Player { id, who, policy: edited, playing, drill });
        self.playing(id, |_| {})
    }

    /// Applies `f` to playback `id` and returns its view, or says it is gone.
    fn playing(&mut self, id: u32, f: impl FnOnce(&mut Playback<'_>)) -> Played {
        self.drilling(id, |p, _| f(p))
    }

    /// Applies `f` to playback `id` and its drill, and returns its view with the drill's.
    fn drilling(&mut self, id: u32, f: impl FnOnce(&mut Playback<'_>, Option<&mut Drill>)) -> Played {
        let Some(player) = self.playback.as_mut().filter(|p| p.id == id) else { return Played::Gone };
        player.playing.with_dependent_mut(|_, p| f(p, player.drill.as_mut()));
        let playback = player.playing.borrow_dependent();
        let mut view = playback.view();
        view.drill = player.drill.as_ref().map(|d| d.view(playback.now()));
        Played::State(Box::new(view))
    }
}
