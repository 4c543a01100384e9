//! `run --event-log OUT.csv|OUT.xes`: replication 1 simulated with its event log recorded and
//! written to OUT as the run goes, a slice of events at a time, so the file can be far larger
//! than what is held in memory (for XES, the events of issues still open are held until they close).

use std::fs::File;
use std::io::{BufWriter, Write};

use escalation_lab::engine::Model;
use escalation_lab::engine::event_log::{Format, Labels, Writer};
use escalation_lab::engine::simulation::{Replication, Simulation};

/// Events simulated between two writes to the file.
const SLICE: u64 = 20_000;

/// The file an event log goes to, created before the run so that a path that cannot be written
/// fails at once.
pub(super) struct EventLogFile {
    path: String,
    format: Format,
    file: BufWriter<File>,
}

impl EventLogFile {
    /// The format by the file's extension: `.csv` or `.xes`, else an error that says so.
    pub(super) fn format_of(path: &str) -> Result<Format, String> {
        Format::for_file_name(path).ok_or_else(|| {
            format!("--event-log writes a .csv or a .xes file, chosen by the extension; \"{path}\" has neither")
        })
    }

    pub(super) fn create(path: &str) -> Result<EventLogFile, String> {
        let format = Self::format_of(path)?;
        let file = File::create(path).map_err(|e| format!("cannot write the event log \"{path}\": {e}"))?;
        Ok(EventLogFile { path: path.to_string(), format, file: BufWriter::new(file) })
    }

    /// Runs the replication of `seed` with its event log, writing the log as it goes.
    pub(super) fn run(mut self, model: &Model, seed: u64, labels: Labels<'_>) -> Result<Replication, String> {
        let mut sim = Simulation::new(model, seed);
        sim.record_events();
        let mut writer = Writer::new(self.format, labels);
        let mut text = String::new();
        writer.begin(&mut text);
        loop {
            let done = sim.step(SLICE);
            writer.write(&sim.take_events(), &mut text);
            self.put(&mut text)?;
            if done {
                break;
            }
        }
        // Closing the run records nothing more: issues still open stay open in the log.
        let replication = sim.finish();
        writer.finish(&mut text);
        self.put(&mut text)?;
        self.file.flush().map_err(|e| self.failed(&e))?;
        Ok(replication)
    }

    fn put(&mut self, text: &mut String) -> Result<(), String> {
        self.file.write_all(text.as_bytes()).map_err(|e| self.failed(&e))?;
        text.clear();
        Ok(())
    }

    fn failed(&self, e: &std::io::Error) -> String {
        format!("cannot write the event log \"{}\": {e}", self.path)
    }
}
