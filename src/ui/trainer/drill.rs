//! The drill in the trainer card: the question the playback has stopped at, with its options as
//! buttons, and once every question is answered the debrief (the score, and each question with
//! the answer given, the right one and what decided it), which prints on its own. Nothing of it
//! is kept anywhere but in the page.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::drill::{ANSWERED, DrillView};
use crate::ui::worker::Play;

/// The drill's part of the card: the question asked now, the progress, the debrief.
pub fn panel(drill: Option<&DrillView>, send: &Rc<dyn Fn(Play)>) -> Html {
    let Some(d) = drill else { return html! {} };
    // Each answered question: its text, the answer given, the right one, what decided it.
    let answered = d.answered.chunks_exact(ANSWERED);
    let right = answered.clone().filter(|a| a[1] == a[2]).count();
    let done = answered.len() as u32 == d.total;
    let print = Callback::from(|_| print_debrief());
    html! {
        <div class="drill" id="trainer-drill" aria-live="polite">
            <h3>{ "Drill" }</h3>
            <p class="hint" id="drill-progress">
                { format!("{} of {} questions answered, {right} right. ", answered.len(), d.total) }
                if !done && d.asking.is_empty() { { "Play or step on: the run stops at the next question." } }
            </p>
            if let [text, options @ ..] = d.asking.as_slice() {
                <div class="drill-question" role="group" aria-labelledby="drill-question">
                    <p id="drill-question"><strong>{ text }</strong></p>
                    { for options.iter().enumerate().map(|(i, o)| {
                        let send = send.clone();
                        html! { <button class="button" data-option={i.to_string()} onclick={Callback::from(move |_| send(Play::Answer(i)))}>{ o }</button> }
                    }) }
                </div>
            }
            if done {
                <section class="drill-debrief" id="drill-debrief" aria-labelledby="drill-debrief-title">
                    <h3 id="drill-debrief-title">{ "Debrief" }</h3>
                    <p id="drill-score"><strong>{ format!("Score: {right} of {}", d.total) }</strong></p>
                    <table class="data drill-table">
                        <thead><tr>
                            <th scope="col">{ "Question" }</th><th scope="col">{ "Your answer" }</th>
                            <th scope="col">{ "Right answer" }</th><th scope="col">{ "Decided by" }</th>
                        </tr></thead>
                        <tbody>
                            { for answered.map(|a| {
                                let [q, given, correct, by] = a else { return html! {} };
                                let ok = given == correct;
                                html! {
                                    <tr class={if ok { "right" } else { "wrong" }}>
                                        <td>{ q }</td>
                                        <td>{ if ok { "✓ " } else { "✗ " } }{ given }</td>
                                        <td>{ correct }</td>
                                        <td>{ by }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    <button class="button" id="drill-print" onclick={print}>{ "Print debrief" }</button>
                </section>
            }
        </div>
    }
}

/// Prints the debrief alone: the page is marked for the print style while the dialog is open.
fn print_debrief() {
    let Some(window) = web_sys::window() else { return };
    let root = window.document().and_then(|d| d.document_element());
    if let Some(r) = &root {
        let _ = r.set_attribute("data-print", "debrief");
    }
    let _ = window.print();
    if let Some(r) = &root {
        let _ = r.remove_attribute("data-print");
    }
}
