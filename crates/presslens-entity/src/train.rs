//! Training the tagger (used by `examples/train.rs`).
//!
//! The training documents are read by the caller (the example reads GUM's JSONL from
//! `../shared/eval`, which is never copied into the repository); this module turns them
//! into token sequences with gold BIO tags and runs the averaged structured perceptron.
//! Training is deterministic: the same documents and options give the same weights.

use presslens_core::EntityLabel;

use crate::features::DocTokens;
use crate::lexicon::Lexicon;
use crate::model::{LABELS, Trainer, tag_b};

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
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 12,
            min_count: 2,
            seed: 1,
        }
    }
}

struct Example {
    feats: Vec<Vec<u64>>,
    gold: Vec<u8>,
}

/// Train on `docs`; returns the weight file's bytes. `log` receives progress lines.
pub fn train(docs: &[TrainDoc], opts: &TrainOptions, mut log: impl FnMut(&str)) -> Vec<u8> {
    let lex = Lexicon::builtin();
    let mut examples = Vec::new();
    let mut trainer = Trainer::new();
    for doc in docs {
        let text = doc.text.as_str();
        let paras = crate::line_paragraphs(text);
        let d = DocTokens::build(text, &paras, &lex);
        for (p, &(s, e)) in d.paras.iter().enumerate() {
            let mut feats = Vec::with_capacity(e - s);
            let mut gold = vec![0u8; e - s];
            for i in s..e {
                let mut f = Vec::new();
                d.features(text, p, i, &mut f);
                trainer.observe(&f);
                feats.push(f);
            }
            for &(es, ee, label) in &doc.entities {
                let Some(li) = LABELS.iter().position(|&l| l == label) else {
                    continue;
                };
                let mut first = true;
                for i in s..e {
                    let t = &d.toks[i];
                    if (t.start as usize) < ee && es < (t.end as usize) {
                        gold[i - s] = (tag_b(li) + usize::from(!first)) as u8;
                        first = false;
                    }
                }
            }
            examples.push(Example { feats, gold });
        }
    }
    log(&format!("{} sequences", examples.len()));
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = opts.seed.max(1);
    let mut pred = Vec::new();
    for epoch in 0..opts.epochs {
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
            trainer.decode(&ex.feats, &mut pred);
            wrong += pred.iter().zip(&ex.gold).filter(|(a, b)| a != b).count();
            total += ex.gold.len();
            trainer.update(&ex.feats, &ex.gold, &pred);
        }
        log(&format!(
            "epoch {}: {:.2}% of tokens mistagged",
            epoch + 1,
            100.0 * wrong as f64 / total.max(1) as f64
        ));
    }
    trainer.finish(opts.min_count)
}
