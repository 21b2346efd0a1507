//! `dikduk train`: retrains the embedded models from the treebank and lexicon (deterministic).

use clap::Args as ClapArgs;
use dikduk::morph::train::{train, TrainOptions};
use dikduk::ner::lists::load::ListOptions;
use dikduk::ner::train::{train as ner_train, NerTrainOptions};
use dikduk::parse::train::{train as parse_train, ParseTrainOptions};
use std::path::PathBuf;

/// Arguments of `dikduk train`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Folder with htb-nemo/ and lexicon/ (the shared data).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write morph.bin and lexicon.bin.
    #[arg(long, default_value = "models")]
    out: PathBuf,
    /// Perceptron passes over the training set.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Morphology perceptrons trained on differently shuffled data and averaged.
    #[arg(long, default_value_t = 8)]
    ensemble: usize,
    /// Train without the lexicon (to measure what it brings).
    #[arg(long)]
    no_lexicon: bool,
    /// Morphology: also train on the IAHLT Wikipedia and Knesset sentences (iahlt-morph/),
    /// converted to HTB conventions (true/false).
    #[arg(long, action = clap::ArgAction::Set, default_value_t = true)]
    morph_extra: bool,
    /// Morphology: the genres of that text to use, comma-separated (wiki, knesset; empty: all).
    #[arg(long, default_value = "")]
    morph_extra_genres: String,
    /// Morphology: share of the extra sentences each perceptron pass visits (1: as many as HTB's).
    #[arg(long, default_value_t = 1.0)]
    morph_extra_weight: f64,
    /// Morphology: domain adaptation between HTB and the extra text (shared weights plus weights
    /// of each; the model keeps shared + HTB's) (true/false).
    #[arg(long, action = clap::ArgAction::Set, default_value_t = true)]
    morph_extra_adapt: bool,
    /// Morphology: drop averaged weights smaller than this in magnitude (smaller model file).
    #[arg(long, default_value_t = 0.75)]
    morph_prune: f64,
    /// Only retrain the morphology (morph.bin, lexicon.bin), leaving NER and the parser as they
    /// are (for experiments: those were trained on the old morphology's analyses).
    #[arg(long)]
    morph_only: bool,
    /// Perceptron passes of the NER model.
    #[arg(long, default_value_t = 20)]
    ner_epochs: usize,
    /// log2 of the NER model's weight rows.
    #[arg(long, default_value_t = 22)]
    ner_bits: u32,
    /// Train NER on gold morphemes only (not also on the morphology model's analyses).
    #[arg(long)]
    ner_gold_only: bool,
    /// Document window of the NER second pass, in sentences either side (0: one pass).
    #[arg(long, default_value_t = 30)]
    ner_window: usize,
    /// Jackknife folds for the morphology analyses the NER model trains on (1: none).
    #[arg(long, default_value_t = 5)]
    ner_folds: usize,
    /// NER: also train on the IAHLT dev sets (true/false).
    #[arg(long, action = clap::ArgAction::Set, default_value_t = dikduk::ner::train::IAHLT_DEFAULT)]
    ner_iahlt: bool,
    /// NER experiments: score on training block B (of 5) instead of HTB dev, training on the rest.
    #[arg(long)]
    ner_cv: Option<usize>,
    /// NER: share of passes in which entity words lose the features that name them.
    #[arg(long, default_value_t = 0.7)]
    ner_mask: f64,
    /// NER perceptrons trained on differently shuffled data and averaged.
    #[arg(long, default_value_t = 4)]
    ner_ensemble: usize,
    /// NER: use the typed name lists of DATA/gazetteers (true/false).
    #[arg(long, action = clap::ArgAction::Set, default_value_t = true)]
    ner_lists: bool,
    /// NER: prefix profiles of word forms from DATA/wordfreq (true/false).
    #[arg(long, action = clap::ArgAction::Set, default_value_t = true)]
    ner_profiles: bool,
    /// NER lists: keep first names given to at least this many people.
    #[arg(long, default_value_t = 100)]
    ner_min_first: u64,
    /// NER lists: keep surnames borne by at least this many people.
    #[arg(long, default_value_t = 100)]
    ner_min_surname: u64,
    /// Only retrain the NER model (ner.bin), leaving the other models as they are.
    #[arg(long)]
    ner_only: bool,
    /// Only retrain the parser (parse.bin), leaving the other models as they are.
    #[arg(long)]
    parse_only: bool,
    /// Parser: passes over the training trees (20 suits the default beam of 4; the greedy
    /// parser, --parse-beam 1, was tuned at 15).
    #[arg(long, default_value_t = 20)]
    parse_epochs: usize,
    /// Parser: passes of the arc labeller.
    #[arg(long, default_value_t = 10)]
    parse_label_epochs: usize,
    /// Parser: log2 of the transition table's rows.
    #[arg(long, default_value_t = 19)]
    parse_bits: u32,
    /// Parser: log2 of the label table's rows.
    #[arg(long, default_value_t = 15)]
    parse_label_bits: u32,
    /// Parser: share of steps (after the first epoch) that follow the model's own choice.
    #[arg(long, default_value_t = 0.5)]
    parse_explore: f64,
    /// Parser: train on gold tags instead of jackknifed predicted ones.
    #[arg(long)]
    parse_gold_tags: bool,
    /// Parser: drop quantised weights of at most this magnitude.
    #[arg(long, default_value_t = 96)]
    parse_prune: i16,
    /// Parser: beam width (1: greedy with the dynamic oracle); parse.bin stores it, and the
    /// shipped parser parses with it.
    #[arg(long, default_value_t = dikduk::parse::model::BEAM)]
    parse_beam: usize,
    /// Parser: with a beam, max-violation updates instead of early updates.
    #[arg(long)]
    parse_max_violation: bool,
    /// Parser: share of training trees also trained on without their final punctuation.
    #[arg(long, default_value_t = 0.1)]
    parse_unpunct: f64,
    /// Parser: mixed into the seeds of the training shuffles (0: the shipped model; other values
    /// show how much a setting's dev score owes to the order of the training trees).
    #[arg(long, default_value_t = 0)]
    parse_seed: u64,
    /// Parser: perceptrons trained on different orders of the training trees, their weights
    /// averaged into one model of the same size.
    #[arg(long, default_value_t = 8)]
    parse_ensemble: usize,
}

/// Trains and writes the model files; rebuild afterwards to embed them.
pub fn run(a: Args) -> Result<(), String> {
    let opts = TrainOptions {
        data: a.data,
        epochs: a.epochs,
        lexicon: !a.no_lexicon,
        ensemble: a.ensemble.clamp(1, 64),
        extra: a.morph_extra,
        extra_genres: a.morph_extra_genres.split(',').map(str::trim).filter(|g| !g.is_empty()).map(String::from).collect(),
        extra_weight: a.morph_extra_weight,
        extra_adapt: a.morph_extra_adapt,
        prune: a.morph_prune.max(0.0),
        ..TrainOptions::default()
    };
    if !opts.data.join("htb-nemo").is_dir() {
        return Err(format!("{} has no htb-nemo/ folder (see README: Training)", opts.data.display()));
    }
    std::fs::create_dir_all(&a.out).map_err(|e| format!("{}: {e}", a.out.display()))?;
    let mut log = Vec::new();
    let write = |name: &str, bytes: &[u8]| {
        let p = a.out.join(name);
        std::fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))?;
        eprintln!("wrote {} ({} bytes)", p.display(), bytes.len());
        Ok::<(), String>(())
    };
    let old_log = std::fs::read_to_string(a.out.join("TRAINING.log")).unwrap_or_default();
    if a.parse_only {
        log.extend(old_log.lines().take_while(|l| !l.starts_with("parse ")).map(String::from));
    } else if !a.ner_only {
        let t = train(&opts, |s| eprintln!("{s}"))?;
        write("morph.bin", &t.model)?;
        write("lexicon.bin", &t.lexicon)?;
        log.extend(t.log);
        let htb = dikduk::morph::train::read_conllu(&opts.data.join("htb-nemo/he_htb-nemo-train.conllu"))?;
        match dikduk::morph::train::conventions_table(&opts.data, &htb)? {
            Some((bytes, line)) => {
                write("conventions.bin", &bytes)?;
                eprintln!("{line}");
                log.push(line);
            }
            None => eprintln!("no iahlt-morph/ in the data: conventions.bin left as it is"),
        }
        if a.morph_only {
            log.extend(old_log.lines().skip_while(|l| !l.starts_with("ner ")).map(String::from));
            std::fs::write(a.out.join("TRAINING.log"), log.join("\n") + "\n").map_err(|e| e.to_string())?;
            eprintln!("rebuild (cargo build --release) to embed the new models");
            return Ok(());
        }
    } else {
        log.extend(old_log.lines().take_while(|l| !l.starts_with("ner ")).map(String::from));
    }
    // NER features read the lexicon through the embedded morphology model.
    let nopts = NerTrainOptions {
        epochs: a.ner_epochs,
        bits: a.ner_bits.clamp(8, 24),
        predicted: !a.ner_gold_only,
        folds: a.ner_folds.clamp(1, 20),
        window: a.ner_window.min(10_000),
        iahlt: a.ner_iahlt,
        cv: a.ner_cv.map(|b| b % 5),
        mask: a.ner_mask,
        ensemble: a.ner_ensemble.clamp(1, 64),
        lists: a.ner_lists.then_some(ListOptions { min_first: a.ner_min_first, min_surname: a.ner_min_surname }),
        profiles: a.ner_profiles,
    };
    if !a.parse_only {
        let n = ner_train(&opts.data, &nopts, |s| eprintln!("{s}"))?;
        write("ner.bin", &n.model)?;
        log.extend(n.log);
    }
    // The parser reads the embedded morphology model (its jackknifed analyses of train).
    let popts = ParseTrainOptions {
        epochs: a.parse_epochs,
        label_epochs: a.parse_label_epochs,
        bits: a.parse_bits.clamp(8, 24),
        label_bits: a.parse_label_bits.clamp(8, 22),
        folds: a.ner_folds.clamp(1, 20),
        explore: a.parse_explore,
        gold_tags: a.parse_gold_tags,
        prune: a.parse_prune.max(0),
        beam: a.parse_beam.clamp(1, 64),
        max_violation: a.parse_max_violation,
        unpunct: a.parse_unpunct.clamp(0.0, 1.0),
        seed: a.parse_seed,
        ensemble: a.parse_ensemble.clamp(1, 64),
    };
    if a.ner_only {
        // The parser is left as it is, and so are its log lines.
        log.extend(old_log.lines().skip_while(|l| !l.starts_with("parse ")).map(String::from));
    } else {
        let p = parse_train(&opts.data, &popts, |s| eprintln!("{s}"))?;
        write("parse.bin", &p.model)?;
        log.extend(p.log);
    }
    std::fs::write(a.out.join("TRAINING.log"), log.join("\n") + "\n").map_err(|e| e.to_string())?;
    eprintln!("rebuild (cargo build --release) to embed the new models");
    Ok(())
}

/// Arguments of `dikduk parse-gold`.
#[derive(ClapArgs, Debug)]
pub struct ParseGoldArgs {
    /// Gold CoNLL-U file (`-` for stdin).
    gold: String,
}

/// Tags and parses the gold file's sentences over their gold words and prints CoNLL-U.
pub fn parse_gold(a: ParseGoldArgs) -> Result<(), String> {
    let text = crate::read_utf8(&a.gold)?;
    let mut sents = dikduk::conllu::parse(&text).map_err(|e| format!("{}: {e}", a.gold))?;
    let skipped = dikduk::parse::train::parse_gold_words(&mut sents)?;
    if skipped > 0 {
        eprintln!("{skipped} sentences whose gold heads are not a tree were left as they are");
    }
    print!("{}", dikduk::conllu::write_sentences(&sents));
    Ok(())
}

/// Arguments of `dikduk to-htb`.
#[derive(ClapArgs, Debug)]
pub struct ToHtbArgs {
    /// Folder with htb-nemo/ and iahlt-morph/ (the shared data): the mapping is learnt from the
    /// parallel sentences there.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// IAHLT-convention CoNLL-U to convert (`-` for stdin); printed in HTB conventions.
    input: Option<String>,
    /// Instead: write DIR/gold.conllu (HTB train's annotation) and DIR/system.conllu (the
    /// converted IAHLT re-annotation, dummy heads) of the parallel sentences with the same tokens,
    /// for `dikduk eval`.
    #[arg(long)]
    check: Option<PathBuf>,
    /// With --check: the parallel sentences are cut into this many folds (blocks of 250) and each
    /// is converted with the mapping learnt from the others (1: learnt from all).
    #[arg(long, default_value_t = 2)]
    folds: usize,
}

/// Converts IAHLT-convention CoNLL-U to HTB conventions, or checks the conversion.
pub fn to_htb(a: ToHtbArgs) -> Result<(), String> {
    use dikduk::morph::conventions::{parallel, sentence_to_htb, HtbTable};
    use dikduk::morph::train::read_conllu;
    let htb = read_conllu(&a.data.join("htb-nemo/he_htb-nemo-train.conllu"))?;
    let ia = read_conllu(&a.data.join("iahlt-morph/he_iahlt-morph-train.conllu"))?;
    let pairs = parallel(&ia, &htb);
    let refs: Vec<_> = pairs.iter().map(|&(i, h)| (&ia[i], &htb[h])).collect();
    let Some(dir) = a.check else {
        let table = HtbTable::learn(&refs);
        let path = a.input.ok_or("give an input file or --check DIR")?;
        let text = crate::read_utf8(&path)?;
        let sents = dikduk::conllu::parse(&text).map_err(|e| format!("{path}: {e}"))?;
        let out: Vec<_> = sents.iter().map(|s| sentence_to_htb(s, &table)).collect();
        print!("{}", dikduk::conllu::write_sentences(&out));
        return Ok(());
    };
    let k = a.folds.max(1);
    let fold = |i: usize| (i / 250) % k;
    let tables: Vec<HtbTable> = (0..k)
        .map(|f| {
            let train: Vec<_> = refs.iter().enumerate().filter(|(i, _)| k == 1 || fold(*i) != f).map(|(_, p)| *p).collect();
            HtbTable::learn(&train)
        })
        .collect();
    let (mut gold, mut system) = (Vec::new(), Vec::new());
    let same = |x: &dikduk::conllu::Sentence, y: &dikduk::conllu::Sentence| {
        x.tokens.len() == y.tokens.len() && x.tokens.iter().zip(&y.tokens).all(|(a, b)| a.form == b.form)
    };
    for (i, (s, h)) in refs.iter().enumerate() {
        if !same(s, h) {
            continue;
        }
        let mut c = sentence_to_htb(s, &tables[fold(i)]);
        for w in c.tokens.iter_mut().flat_map(|t| t.words.iter_mut()) {
            (w.head, w.deprel) = if w.id == 1 { (Some(0), "root".into()) } else { (Some(1), "dep".into()) };
        }
        gold.push((*h).clone());
        system.push(c);
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, s) in [("gold.conllu", &gold), ("system.conllu", &system)] {
        let p = dir.join(name);
        std::fs::write(&p, dikduk::conllu::write_sentences(s)).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    eprintln!("{} parallel sentences, {} with the same tokens written to {}", refs.len(), gold.len(), dir.display());
    Ok(())
}
