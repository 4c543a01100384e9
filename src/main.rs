//! The `escalation-lab` command: validate and run scenario files natively, for batch runs and
//! benchmarks. A thin layer over `escalation_lab::engine`; everything it prints comes from there.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::main(std::env::args_os().skip(1).collect()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("escalation-lab: {message}");
            ExitCode::from(2)
        }
    }
}
