//! `tilbake guidance`: check an instrument's definition file and score a
//! person's answers with it (`shared/contracts/guidance.md`).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use tilbake_contract::guidance::{parse_answers, parse_definition, score_line, summary_line};

/// Invalid definitions, answers or files.
const EXIT_INVALID: u8 = 2;

#[derive(Args, Debug)]
pub struct GuidanceArgs {
    #[command(subcommand)]
    command: GuidanceCommand,
}

#[derive(Subcommand, Debug)]
enum GuidanceCommand {
    /// Validate one instrument definition; prints its id, version and counts.
    Check {
        /// The definition file (JSON).
        file: PathBuf,
    },
    /// Score a person's answers with an instrument; prints the result as one JSON line.
    Score {
        /// The instrument's definition file (JSON).
        #[arg(long)]
        instrument: PathBuf,
        /// The answers (JSON); '-' or none reads standard input.
        answers: Option<PathBuf>,
    },
}

pub fn run(args: &GuidanceArgs) -> ExitCode {
    let outcome = match &args.command {
        GuidanceCommand::Check { file } => read_file(file)
            .and_then(|bytes| parse_definition(&bytes).map_err(|error| error.to_string()))
            .map(|definition| summary_line(&definition)),
        GuidanceCommand::Score {
            instrument,
            answers,
        } => score(instrument, answers.as_deref()),
    };
    match outcome {
        Ok(line) => {
            let mut stdout = io::stdout().lock();
            // A closed stdout (`| head -0`) is not the input's fault.
            let _ = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn score(instrument: &Path, answers: Option<&Path>) -> Result<String, String> {
    let definition =
        parse_definition(&read_file(instrument)?).map_err(|error| error.to_string())?;
    let bytes = match answers {
        Some(path) if path != Path::new("-") => read_file(path)?,
        _ => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|error| format!("cannot read standard input: {error}"))?;
            bytes
        }
    };
    let answers = parse_answers(&bytes, &definition).map_err(|error| error.to_string())?;
    Ok(score_line(&definition, &answers))
}

fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}
