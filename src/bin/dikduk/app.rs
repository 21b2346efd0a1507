
mod annotate;
mod eval;
#[cfg(dikduk_train)]
mod train;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc: the morphology's many small allocations cost about a fifth less than with the
/// system allocator (Cargo.toml, docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hebrew text analysis: tokens, prefix segmentation, POS, lemmas, features, entities.
#[derive(Parser, Debug)]
#[command(name = "dikduk", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands .
#[derive(Subcommand, Debug)]
enum Command {
    /// Annotate text files (or stdin) and print JSON, CoNLL-U, plain text or HTML.
    Annotate(annotate::Args),
    /// Score a system CoNLL-U file against gold (CoNLL 2018 metrics, optionally entities).
    Eval(eval::Args),
    /// Retrain the morphology, NER and parser models from ../shared/data into models/ (deterministic).
    #[cfg(dikduk_train)]
    Train(train::Args),
    /// Tag and parse a gold CoNLL-U file over its gold words (to score the parser apart from
    /// segmentation): prints CoNLL-U for `dikduk eval`.
    #[cfg(dikduk_train)]
    ParseGold(train::ParseGoldArgs),
    /// Convert IAHLT-convention CoNLL-U to HTB conventions with the mapping learnt from the
    /// parallel sentences of the shared data (or check that conversion against HTB train).
    #[cfg(dikduk_train)]
    ToHtb(train::ToHtbArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Annotate(a) => annotate::run(a),
        Command::Eval(a) => eval::run(a),
        #[cfg(dikduk_train)]
        Command::Train(a) => train::run(a),
        #[cfg(dikduk_train)]
        Command::ParseGold(a) => train::parse_gold(a),
        #[cfg(dikduk_train)]
        Command::ToHtb(a) => train::to_htb(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dikduk: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads a file (`-` = stdin) as UTF-8; invalid UTF-8 is an error naming the first bad byte.
pub fn read_utf8(path: &str) -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    }
    decode_utf8(bytes).map_err(|e| format!("{}: {e}", if path == "-" { "<stdin>" } else { path }))
}

/// Decodes UTF-8 without dropping anything: the error gives the byte offset, line and column
/// (1-based, column in characters) of the first invalid byte.
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let prefix = &bytes[..at];
        let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
        let line_start = prefix
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        // The prefix is valid UTF-8 by construction.
        let column =
            1 + std::str::from_utf8(&prefix[line_start..]).map_or(0, |s| s.chars().count());
        format!(
            "invalid UTF-8 at byte offset {at} (line {line}, column {column}): byte 0x{:02X}",
            bytes[at]
        )
    })
}
