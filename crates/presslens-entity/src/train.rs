//! Training the tagger (used by `examples/train.rs`).
//!
//! The training documents are read by the caller (the example reads GUM's JSONL from
//! `../shared/eval`, which is never copied into the repository); this module turns them
//! into token sequences with gold BIO tags and runs the averaged structured perceptron.
//! Training is deterministic: the same documents and options give the same weights.

use presslens_core::EntityLabel;

use crate::features::DocTokens;
use crate::lexicon::IdMap;
use crate::lexicon::Lexicon;
use crate::model::{LABELS, Trainer, Weights, tag_b};

/// One annotated document.
#[derive(Debug, Clone)]
pub struct TrainDoc {
    /// The text.
    pub text: String,
    /// Gold mentions as byte ranges with labels.
    pub entities: Vec<(usize, usize, EntityLabel)>,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Features seen fewer times than this are dropped from the saved model.
    pub min_count: u32,
    /// Seed of the shuffling of examples between passes.
    pub seed: u64,
    /// Number of trainings (seeds `seed`, `seed + 1`, ...) whose weights are averaged.
    pub runs: usize,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 12,
            // Rarer features add nothing measurable on the dev sets and double the model.
            min_count: 2,
            seed: 1,
            runs: 5,
        }
    }
}

struct Example {
    feats: Vec<Vec<u64>>,
    gold: Vec<u8>,
    after_o: bool,
    before_o: bool,
}

/// Train on `docs`; returns the weight file's bytes. `log` receives progress lines.
///
/// The examples are exactly what the stage decodes at run time: the segments of tokens
/// the tagger looks at, between tokens that are plain (outside every mention).
pub fn train(docs: &[TrainDoc], opts: &TrainOptions, mut log: impl FnMut(&str)) -> Vec<u8> {
    let lex = Lexicon::builtin();
    let mut examples = Vec::new();
    let mut counts: IdMap<u32> = IdMap::default();
    for doc in docs {
        let text = doc.text.as_str();
        let layer = crate::line_layer(text);
        let d = DocTokens::from_layer(text, &layer, |_| true, &lex);
        // Gold tags of every token.
        let mut gold_all = vec![0u8; d.toks.len()];
        for &(es, ee, label) in &doc.entities {
            let Some(li) = LABELS.iter().position(|&l| l == label) else {
                continue;
            };
            let mut first = true;
            for (i, t) in d.toks.iter().enumerate() {
                if (t.start as usize) < ee && es < (t.end as usize) {
                    gold_all[i] = (tag_b(li) + usize::from(!first)) as u8;
                    first = false;
                }
            }
        }
        for (p, &(s, e)) in d.paras.iter().enumerate() {
            let mut i = s;
            while i < e {
                if d.plain(i) {
                    i += 1;
                    continue;
                }
                let seg = i;
                let mut feats = Vec::new();
                while i < e && !d.plain(i) && i - seg < crate::MAX_SEGMENT {
                    let mut f = Vec::new();
                    d.visit(p, i, &mut f);
                    for &x in &f {
                        *counts.entry(x).or_default() += 1;
                    }
                    feats.push(f);
                    i += 1;
                }
                let mut gold = gold_all[seg..i].to_vec();
                // A mention cut by a plain token starts again inside the segment.
                if let Some(g) = gold.first_mut()
                    && *g > 0
                    && (*g as usize - 1) % 2 == 1
                {
                    *g -= 1;
                }
                examples.push(Example {
                    feats,
                    gold,
                    after_o: seg > s && d.plain(seg - 1),
                    before_o: i < e && d.plain(i),
                });
            }
        }
    }
    log(&format!("{} segments", examples.len()));
    let mut runs = Vec::new();
    for run in 0..opts.runs.max(1) {
        let seed = opts.seed.wrapping_add(run as u64);
        runs.push(train_once(&examples, opts.epochs, seed, &mut log));
    }
    Weights::mean(&runs).to_bytes(|f| counts.get(&f).is_some_and(|&c| c >= opts.min_count))
}

fn train_once(
    examples: &[Example],
    epochs: usize,
    seed: u64,
    log: &mut impl FnMut(&str),
) -> Weights {
    let mut trainer = Trainer::new();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = seed.max(1);
    let mut pred = Vec::new();
    for epoch in 0..epochs {
        // Fisher-Yates with xorshift: reproducible without a dependency.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut wrong = 0usize;
        let mut total = 0usize;
        for &k in &order {
            let ex = &examples[k];
            trainer.decode(&ex.feats, ex.after_o, ex.before_o, &mut pred);
            wrong += pred.iter().zip(&ex.gold).filter(|(a, b)| a != b).count();
            total += ex.gold.len();
            trainer.update(&ex.feats, &ex.gold, &pred, ex.after_o, ex.before_o);
        }
        if epoch + 1 == epochs {
            log(&format!(
                "seed {seed}: {:.2}% of tagged tokens mistagged in the last pass",
                100.0 * wrong as f64 / total.max(1) as f64
            ));
        }
    }
    trainer.averaged()
}
