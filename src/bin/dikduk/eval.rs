//! `dikduk eval`: CoNLL 2018 shared-task metrics and entity F1 for a system file against gold.

use dikduk::eval::{self, ner};

/// Arguments of `dikduk eval`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold CoNLL-U file.
    #[arg(long)]
    gold: String,
    /// System CoNLL-U file (`-` for stdin).
    #[arg(long)]
    system: String,
    /// Also score named entities (NER= in MISC) at token and morpheme level, per type.
    #[arg(long)]
    ner: bool,
    /// Also print raw counts (correct / gold / predicted / aligned), like the official `--counts`.
    #[arg(long, short)]
    verbose: bool,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    json: bool,
}

/// Runs the evaluation and prints the tables (or JSON).
pub fn run(args: Args) -> Result<(), String> {
    let gold_text = crate::read_utf8(&args.gold)?;
    let system_text = crate::read_utf8(&args.system)?;
    let gold = eval::load_conllu(&gold_text).map_err(|e| format!("{}: {e}", args.gold))?;
    let system = eval::load_conllu(&system_text).map_err(|e| format!("{}: {e}", args.system))?;
    let scores = eval::evaluate(&gold, &system).map_err(|e| e.to_string())?;
    let ner_scores = if args.ner {
        Some(ner::evaluate_ner(&gold, &system).map_err(|e| e.to_string())?)
    } else {
        None
    };
    if args.json {
        let mut v = serde_json::json!({ "conll18": scores });
        if let Some(n) = &ner_scores {
            v["ner"] = serde_json::to_value(n).map_err(|e| e.to_string())?;
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    print!("{}", scores.verbose_table());
    if args.verbose {
        println!();
        println!("Metric     | Correct   |      Gold | Predicted | Aligned");
        println!("-----------+-----------+-----------+-----------+-----------");
        for (name, m) in scores.metrics() {
            let aligned = m.aligned_total.map_or(
                if name == "Words" {
                    m.correct.to_string()
                } else {
                    String::new()
                },
                |a| a.to_string(),
            );
            println!(
                "{name:11}|{:10} |{:10} |{:10} |{aligned:>10}",
                m.correct, m.gold_total, m.system_total
            );
        }
    }
    if let Some(n) = ner_scores {
        println!();
        println!("Named entities (exact span and type)");
        print!("{}", n.table());
    }
    Ok(())
}
