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
    /// Read a models file and print the DDL `db.create_all()` sends (and, with --json, the schema).
    Schema {
        /// The models file (`-` reads standard input).
        #[arg(long)]
        models: String,
        /// Print one JSON object: ddl, schema, diagnostics, error.
        #[arg(long)]
        json: bool,
    },
    /// Autogenerate and apply an Alembic migration from one models file to another
    /// (`seed.json` in the working directory, if present, seeds the first database).
    Migrate(MigrateArgs),
    /// The N+1 lens: findings of a run and every loading strategy compared.
    Lens {
        /// The models file.
        #[arg(long)]
        models: String,
        /// The script file.
        #[arg(long)]
        script: String,
        /// Lazy loads of one relationship from one line that count as an N+1.
        #[arg(long, default_value_t = ormlab_core::lens::DEFAULT_THRESHOLD)]
        threshold: usize,
        /// Print JSON: {"findings": [...], "compare": [...]}.
        #[arg(long)]
        json: bool,
    },
    /// Lessons: check a pack's reference solutions.
    Lesson {
        #[command(subcommand)]
        action: LessonAction,
    },
    /// Make or open a share link: the whole workspace in a URL fragment.
    Share {
        #[command(subcommand)]
        action: ShareAction,
    },
    /// Run models and a script; prints the fidelity JSON contract.
    Run {
        /// The models file.
        #[arg(long)]
        models: String,
        /// The script file.
        #[arg(long)]
        script: String,
        /// Print the JSON contract (the only output format so far).
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct MigrateArgs {
    /// Commands over a folder of revision files and a database file.
    #[command(subcommand)]
    action: Option<ChainAction>,
    /// The models before (`models_v1.py`); the database is made from it.
    #[arg(long = "from")]
    from: Option<String>,
    /// The models after (`models_v2.py`); the migration leads there.
    #[arg(long = "to")]
    to: Option<String>,
    /// The revision message.
    #[arg(long, short = 'm', default_value = "empty message")]
    message: String,
    /// Print the fidelity JSON contract instead of the revision file.
    #[arg(long)]
    json: bool,
}

/// Where a chain command works: the revision folder and the database file.
#[derive(clap::Args)]
struct ChainPlace {
    /// The folder of revision files.
    #[arg(long, default_value = "migrations/versions")]
    dir: String,
    /// The SQLite database file.
    #[arg(long, default_value = "app.db")]
    db: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum ChainAction {
    /// `db.create_all()` of a models file into the database (seed.json of the working directory too).
    CreateDb {
        /// The models file.
        #[arg(long)]
        models: String,
        #[command(flatten)]
        place: ChainPlace,
    },
    /// Autogenerate a revision against the database (`flask db migrate`).
    Revision {
        /// The models file.
        #[arg(long)]
        models: String,
        /// The revision message.
        #[arg(long, short = 'm', default_value = "empty message")]
        message: String,
        #[command(flatten)]
        place: ChainPlace,
    },
    /// Upgrade to TARGET (head, a revision id or prefix, +N).
    Upgrade {
        /// The target.
        #[arg(default_value = "head")]
        target: String,
        /// Print the SQL script instead of running it (TARGET may be FROM:TO).
        #[arg(long)]
        sql: bool,
        #[command(flatten)]
        place: ChainPlace,
    },
    /// Downgrade to TARGET (base, a revision id or prefix, -N).
    Downgrade {
        /// The target (with --sql: FROM:TO).
        #[arg(default_value = "-1", allow_hyphen_values = true)]
        target: String,
        /// Print the SQL script instead of running it.
        #[arg(long)]
        sql: bool,
        #[command(flatten)]
        place: ChainPlace,
    },
    /// The revision the database is at.
    Current {
        #[command(flatten)]
        place: ChainPlace,
    },
    /// The revisions, newest first, the current one marked.
    History {
        #[command(flatten)]
        place: ChainPlace,
    },
    /// Record TARGET as the current revision without running anything.
    Stamp {
        /// The target.
        target: String,
        #[command(flatten)]
        place: ChainPlace,
    },
}

fn chain_action(action: ChainAction) -> Result<(String, bool), String> {
    use ormlab_cli::chain_cmd;
    use ormlab_core::migrate::chain::Command as C;
    use std::path::Path;
    let (place, command) = match action {
        ChainAction::CreateDb { models, place } => {
            let seed = Path::new("seed.json").exists().then(|| read_input("seed.json")).transpose()?;
            return chain_cmd::create_db(Path::new(&place.db), &read_input(&models)?, seed.as_deref());
        }
        ChainAction::Revision { models, message, place } => {
            return chain_cmd::revision(Path::new(&place.dir), Path::new(&place.db), &read_input(&models)?, &message, place.json);
        }
        ChainAction::Upgrade { target, sql, place } => (place, if sql { C::UpgradeSql(target) } else { C::Upgrade(target) }),
        ChainAction::Downgrade { target, sql, place } => (place, if sql { C::DowngradeSql(target) } else { C::Downgrade(target) }),
        ChainAction::Current { place } => (place, C::Current),
        ChainAction::History { place } => (place, C::History),
        ChainAction::Stamp { target, place } => (place, C::Stamp(target)),
    };
    chain_cmd::command(Path::new(&place.dir), Path::new(&place.db), &command, place.json)
}

#[derive(Subcommand)]
enum ShareAction {
    /// Print the link fragment (`v2.…`) for a workspace made of these files.
    Encode {
        /// The models file.
        #[arg(long)]
        models: String,
        /// The script file (empty when left out).
        #[arg(long)]
        script: Option<String>,
        /// SQL console scripts to include, oldest first (repeatable).
        #[arg(long = "sql")]
        console: Vec<String>,
        /// Migration revision files to include, oldest first (repeatable).
        #[arg(long = "revision")]
        revisions: Vec<String>,
        /// Open the link at a lesson step: `LESSON_ID:STEP` (0-based step).
        #[arg(long)]
        lesson: Option<String>,
        /// Mark the link so the page runs the workspace as soon as it opens.
        #[arg(long)]
        run: bool,
    },
    /// Print the workspace a fragment holds, as JSON.
    Decode {
        /// The fragment, with or without `#` (a whole URL works too); `-` reads standard input.
        fragment: String,
    },
}

#[derive(Subcommand)]
enum LessonAction {
    /// Run every step's reference solution and print pass/fail per check (exit 1 if one fails).
    Check {
        /// The pack file (`-` reads standard input, `@builtin` is the built-in pack).
        pack: String,
        /// Only this lesson id.
        #[arg(long)]
        lesson: Option<String>,
        /// Print one JSON object: {"ok", "steps": [{lesson, step, title, ok, checks, starting_passes}]}.
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
        Command::Schema { models, json } => read_input(&models).map(|source| ormlab_cli::commands::schema(&source, json)),
        Command::Migrate(MigrateArgs { action: Some(action), .. }) => chain_action(action),
        Command::Migrate(args) => (|| {
            let (Some(from), Some(to)) = (&args.from, &args.to) else { return Err("migrate needs --from and --to, or a command (see ormlab migrate --help)".to_string()) };
            let seed = std::path::Path::new("seed.json").exists().then(|| read_input("seed.json")).transpose()?;
            ormlab_cli::migrate_cmd::migrate(&read_input(from)?, &read_input(to)?, seed.as_deref(), &args.message, args.json)
        })(),
        Command::Share { action: ShareAction::Encode { models, script, console, revisions, lesson, run } } => (|| {
            let lesson = lesson.as_deref().map(ormlab_cli::share_cmd::lesson_position).transpose()?;
            let workspace = ormlab_core::api::Workspace {
                models: read_input(&models)?,
                script: script.as_deref().map(read_input).transpose()?.unwrap_or_default(),
                console: console.iter().map(|path| read_input(path)).collect::<Result<_, _>>()?,
                revisions: revisions.iter().map(|path| read_input(path)).collect::<Result<_, _>>()?,
                lesson,
                ..Default::default()
            };
            ormlab_cli::share_cmd::encode(&workspace, run)
        })(),
        Command::Lesson { action: LessonAction::Check { pack, lesson, json } } => {
            ormlab_cli::lesson_cmd::pack_text(&pack, read_input).and_then(|text| ormlab_cli::lesson_cmd::check(&text, lesson.as_deref(), json))
        }
        Command::Share { action: ShareAction::Decode { fragment } } => {
            let fragment = if fragment == "-" { read_input("-") } else { Ok(fragment) };
            fragment.and_then(|f| ormlab_cli::share_cmd::decode(&f))
        }
        Command::Lens { models, script, threshold, json } => read_input(&models)
            .and_then(|source| Ok((source, read_input(&script)?)))
            .map(|(source, script)| ormlab_cli::lens_cmd::lens(&source, &script, threshold, json)),
        Command::Run { models, script, json: _ } => read_input(&models)
            .and_then(|source| Ok((source, read_input(&script)?)))
            .map(|(source, script)| ormlab_cli::commands::run(&source, &script)),
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
