//! `tilbake followup`: one document, or JSON Lines in batch mode, streamed.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tilbake_contract::followup as contract;
use tilbake_domain::followup::FollowupEngine;

use crate::timeline_text::{self, Language};

/// Exit code for invalid input, as the contract says.
const EXIT_INVALID_INPUT: u8 = 2;

#[derive(Args, Debug)]
pub struct FollowupArgs {
    /// A JSON file; '-' or nothing reads standard input.
    path: Option<PathBuf>,
    /// Read JSON Lines, one person per line, and answer one line per line.
    #[arg(long)]
    batch: bool,
    /// `json` (the contract's document) or `text` (a readable timeline).
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    format: OutputFormat,
    /// Language of `--format text`: `nb` (Norwegian bokmål) or `en` (English).
    #[arg(long = "lang", value_enum, default_value_t = Language::Nb)]
    language: Language,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Json,
    Text,
}

/// How one valid document is written: the output format with its language.
#[derive(Clone, Copy, Debug)]
struct Style {
    format: OutputFormat,
    language: Language,
}

pub fn run(args: &FollowupArgs) -> ExitCode {
    let reader: Box<dyn Read> = match args.path.as_deref() {
        None => Box::new(io::stdin().lock()),
        Some(path) if path.as_os_str() == "-" => Box::new(io::stdin().lock()),
        Some(path) => match File::open(path) {
            Ok(file) => Box::new(file),
            Err(error) => {
                eprintln!("cannot read {}: {error}", path.display());
                return ExitCode::from(EXIT_INVALID_INPUT);
            }
        },
    };
    let style = Style {
        format: args.format,
        language: args.language,
    };
    let stdout = io::stdout().lock();
    let result = if args.batch {
        run_batch(
            BufReader::with_capacity(1 << 16, reader),
            // The JSON path gathers its own 64 KiB; the buffer then passes them on whole.
            BufWriter::with_capacity(1 << 16, stdout),
            style,
        )
    } else {
        run_single(reader, stdout, style)
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(EXIT_INVALID_INPUT),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tilbake followup: {error}");
            ExitCode::from(EXIT_INVALID_INPUT)
        }
    }
}

/// Answers one document; `Ok(false)` when it was invalid (the error is on stderr).
fn run_single(mut reader: impl Read, mut output: impl Write, style: Style) -> io::Result<bool> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    match contract::compute(&mut FollowupEngine::default(), &bytes) {
        Ok((input, followup)) => {
            let answer = match style.format {
                OutputFormat::Json => contract::output_pretty(&followup),
                OutputFormat::Text => timeline_text::render(&followup, input.today, style.language),
            };
            write_answer(&mut output, &answer)?;
            output.flush()?;
            Ok(true)
        }
        Err(error) => {
            eprintln!("{error}");
            Ok(false)
        }
    }
}

/// Answers JSON Lines, holding one line at a time: in JSON one output line per
/// input line; in text one timeline per input line, each under a header line
/// that names the input line, with a blank line between them.
fn run_batch(reader: impl BufRead, output: impl Write, style: Style) -> io::Result<bool> {
    if style.format == OutputFormat::Json {
        return run_batch_json(reader, output);
    }
    let mut reader = reader;
    let mut output = output;
    let mut engine = FollowupEngine::default();
    let mut line = Vec::new();
    let mut all_valid = true;
    for line_number in 1_u64.. {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if style.format == OutputFormat::Text {
            if line_number > 1 {
                writeln!(output)?;
            }
            writeln!(
                output,
                "{}",
                timeline_text::batch_heading(line_number, style.language)
            )?;
        }
        let document = line.strip_suffix(b"\n").unwrap_or(&line);
        let document = document.strip_suffix(b"\r").unwrap_or(document);
        let answer = match contract::compute(&mut engine, document) {
            Ok((input, followup)) => match style.format {
                OutputFormat::Json => contract::output_line(&followup),
                OutputFormat::Text => timeline_text::render(&followup, input.today, style.language),
            },
            Err(error) => {
                all_valid = false;
                match style.format {
                    OutputFormat::Json => contract::error_line(&error),
                    OutputFormat::Text => {
                        timeline_text::batch_error(&error.to_string(), style.language)
                    }
                }
            }
        };
        write_answer(&mut output, &answer)?;
    }
    output.flush()?;
    Ok(all_valid)
}

/// Batch mode in JSON, the fast path: one engine, one input line and one
/// output buffer reused for every line, the answers written straight into
/// the buffer and handed to `output` some 64 KiB at a time.
fn run_batch_json(mut reader: impl BufRead, mut output: impl Write) -> io::Result<bool> {
    const FLUSH_AT: usize = 1 << 16;
    let mut engine = FollowupEngine::default();
    let mut line = Vec::new();
    let mut answers = Vec::with_capacity(FLUSH_AT + (1 << 12));
    let mut all_valid = true;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let document = line.strip_suffix(b"\n").unwrap_or(&line);
        let document = document.strip_suffix(b"\r").unwrap_or(document);
        match contract::compute(&mut engine, document) {
            Ok((_, followup)) => contract::write_output_line(&followup, &mut answers),
            Err(error) => {
                all_valid = false;
                contract::write_error_line(&error, &mut answers);
            }
        }
        answers.push(b'\n');
        if answers.len() >= FLUSH_AT {
            output.write_all(&answers)?;
            answers.clear();
        }
    }
    output.write_all(&answers)?;
    output.flush()?;
    Ok(all_valid)
}

/// Writes `answer` and ends it with exactly one newline.
fn write_answer(output: &mut impl Write, answer: &str) -> io::Result<()> {
    output.write_all(answer.as_bytes())?;
    if !answer.ends_with('\n') {
        output.write_all(b"\n")?;
    }
    Ok(())
}
