//! `ormlab`: the playground's core on the command line.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "ormlab", version, about = "The ormlab SQLAlchemy playground's core, natively on SQLite")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a SQL script on a fresh in-memory database and print each statement's result.
    Sql {
        /// The script; `-` reads standard input.
        file: String,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn read_input(path: &str) -> Result<String, String> {
    if path == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| format!("reading standard input: {e}"))
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sql { file, json } => read_input(&file).and_then(|script| ormlab_cli::commands::sql(&script, json)),
    };
    match result {
        Ok((out, ok)) => {
            print!("{out}");
            if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(message) => {
            eprintln!("ormlab: {message}");
            ExitCode::from(2)
        }
    }
}
