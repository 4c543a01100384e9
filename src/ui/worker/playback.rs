//! Trainer playback in the engine worker: what a playback is asked (`Play`) and answers
//! (`Played`), and the playback itself, held beside the model it borrows and apart from the job,
//! so that a run never ends a playback nor a playback a run. Each request is done at once: a step
//! of playback is short, and a return to a checkpoint replays one replication at most.

use gloo::worker::HandlerId;
use serde::{Deserialize, Serialize};

use super::EngineWorker;
use crate::engine::playback::{Change, Playback, View, policy};
use crate::engine::{self, Model, Problem};

/// What a trainer playback is asked to do. (Playback messages are tuple variants, not named
/// fields: each named field costs the download a little decoder code, and these cross often.)
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Play {
    /// Validate the scenario (its text) and play it back from its own seed, from its start (a
    /// playback already going ends).
    Start(String),
    /// Move on by this many minutes of simulated time.
    Advance(f64),
    /// Make a change at the moment reached.
    Change(Change),
    /// Go on from the moment reached under this edited scenario's policy (its text): its
    /// timers, rules and staff (`engine::playback::policy`).
    Policy(String),
    /// Save the moment reached as a checkpoint.
    Save,
    /// Return to the checkpoint of this index.
    Restore(usize),
    /// End the playback; not answered.
    Stop,
}

/// A trainer playback's answer to a request.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Played {
    /// The playback now stands here.
    State(Box<View>),
    /// The playback could not start: the scenario has errors.
    Invalid(Vec<Problem>),
    /// There is no such playback: it ended, or another has started since.
    Gone,
}

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
}

impl EngineWorker {
    /// Does what playback `id` is asked and says where it stands after.
    #[allow(
        clippy::redundant_closure_for_method_calls,
        reason = "`Playback::save` is not general over the playback's lifetime"
    )]
    pub(super) fn play(&mut self, id: u32, who: HandlerId, play: Play) -> Option<Played> {
        match play {
            Play::Start(scenario) => {
                self.playback = None;
                let checked = engine::load(&scenario);
                let Some(model) = checked.model else {
                    return Some(Played::Invalid(checked.problems));
                };
                let seed = model.run.seed;
                let policy = serde_json::from_str(&scenario).unwrap_or_default();
                let playing = Playing::new(vec![model], |m| Playback::new(m, seed));
                self.playback = Some(Player { id, who, policy, playing });
                Some(self.playing(id, |_| {}))
            }
            Play::Policy(scenario) => Some(self.change_policy(id, &scenario)),
            Play::Advance(minutes) => Some(self.playing(id, |p| p.advance(minutes))),
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
        let Player { who, policy, playing, .. } = player;
        let edited: serde_json::Value = serde_json::from_str(scenario).unwrap_or_default();
        let checked = engine::load(scenario);
        let change = policy::policy_change(&policy, &edited);
        let (model, what) = match (checked.model, change) {
            (Some(model), Ok(what)) => (model, what),
            (model, change) => {
                let why = match (model, change) {
                    (_, Err(place)) => policy::elsewhere(&place),
                    _ => "the edited scenario has errors: fix them to apply it".to_string(),
                };
                let mut playing = playing;
                playing.with_dependent_mut(|_, p| p.refuse(why));
                self.playback = Some(Player { id, who, policy, playing });
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
        self.playback = Some(Player { id, who, policy: edited, playing });
        self.playing(id, |_| {})
    }

    /// Applies `f` to playback `id` and returns its view, or says it is gone.
    fn playing(&mut self, id: u32, f: impl FnOnce(&mut Playback<'_>)) -> Played {
        let Some(player) = self.playback.as_mut().filter(|p| p.id == id) else { return Played::Gone };
        player.playing.with_dependent_mut(|_, p| f(p));
        Played::State(Box::new(player.playing.borrow_dependent().view()))
    }
}
