//! The tagger: a first-order structured averaged perceptron over BIO tags, decoded with
//! Viterbi, and its compact binary weight file.
//!
//! Why this model: it trains in seconds from one command, its weights are a few MB, and
//! exact Viterbi decoding over the whole paragraph gives better boundaries than greedy
//! tagging (a name is never cut in two by one doubtful token).

use presslens_core::EntityLabel;

use crate::features::{FeatureSink, feat, small_features, small_row};
use crate::lexicon::IdMap;

/// The labels the tagger predicts, in tag order.
pub(crate) const LABELS: [EntityLabel; 13] = EntityLabel::ALL;
/// Number of tags: O, then B and I for each label.
pub(crate) const NT: usize = 1 + 2 * LABELS.len();

/// Tag of `B-label` / `I-label`.
#[inline]
pub(crate) fn tag_b(label: usize) -> usize {
    1 + 2 * label
}

/// The label index of a tag (`None` for O) and whether it begins a mention.
#[inline]
pub(crate) fn tag_info(tag: usize) -> Option<(usize, bool)> {
    (tag > 0).then(|| ((tag - 1) / 2, (tag - 1).is_multiple_of(2)))
}

/// Can `to` follow `from`? An I tag continues a mention of its own label only.
#[inline]
fn allowed(from: Option<usize>, to: usize) -> bool {
    match tag_info(to) {
        Some((l, false)) => from.and_then(tag_info).is_some_and(|(fl, _)| fl == l),
        _ => true,
    }
}

const MAGIC: &[u8; 8] = b"PLENT\x00\x00\x01";

/// Trained weights, read-only.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// Open-addressing table indexed by the low bits of a feature's hash: the high 32
    /// bits (0 = empty slot) and the feature's row in `rows`. One 8-byte slot per probe,
    /// so a lookup touches one cache line of the table.
    table: Vec<(u32, u32)>,
    mask: usize,
    /// A bit per value of bits 16..32 of the features' hashes (neither index nor
    /// fingerprint bits), set for the features of the table: most features of a text are
    /// not in the model (rare words), and this 8 KB filter, which stays in the L1 cache,
    /// turns most of them away without a visit to the table, which does not.
    filter: Vec<u64>,
    /// The weights of every feature, one dense row of [`LANES`] 16-bit weights each (in
    /// lane layout, times `scale`); row 0 is all zeros, the row of the features not in
    /// the model.
    ///
    /// Why dense rows: adding a row is the same four vector additions for every feature,
    /// with no loop over a feature's non-zero weights (whose length the processor
    /// mispredicted) and no widening, and a row is one cache line. (Sparse weights took
    /// fewer bytes but as many cache lines a feature: its table slot and its weights.)
    /// Against sparse rows, per pass over the bench corpus: 875 -> 841 M instructions,
    /// 12.1 -> 11.0 M mispredicted branches, 1.36 -> 1.16 M misses of a 512 KB cache
    /// (callgrind).
    rows: Vec<Row>,
    scale: f32,
    n_features: usize,
    /// The transition scores `trans[from][to]` (forbidden moves, an I tag after anything
    /// but its own B or I, at minus infinity) and the start scores, in the decoder's
    /// layout.
    dense: DenseTrans,
    /// The rows of the features with few values (gazetteer classes, positions in a run,
    /// ...), by their number (see [`small_row`]): found without a hash-table probe.
    small: Vec<u32>,
}

/// One feature's weights, in lane layout (see [`Model::rows`]), aligned so that a row
/// is one cache line.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Row([i16; LANES]);

impl Row {
    /// The weight of lane `l`.
    #[cfg(test)]
    fn lane(&self, l: usize) -> i16 {
        self.0[l]
    }
}

/// Sums of rows, 16 bits each.
type Sums = [i16; LANES];

/// A weight file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the tagger's weight file is damaged: {0}")]
pub struct ModelError(pub(crate) String);

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let s = self
            .b
            .get(self.pos..self.pos + n)
            .ok_or_else(|| ModelError(format!("truncated at byte {}", self.pos)))?;
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        let s = self.take(2)?;
        Ok(i16::from_le_bytes([s[0], s[1]]))
    }
}

impl Model {
    fn from_parts(
        features: Vec<(u64, [f32; NT])>,
        trans: [[f32; NT]; NT],
        start: [f32; NT],
    ) -> Model {
        let max = features
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, &w| m.max(w.abs()));
        let scale = if max > 0.0 { max / WMAX } else { 1.0 };
        let quantised: Vec<(u64, Row)> = features
            .into_iter()
            .filter_map(|(k, row)| {
                let mut lanes = [0i16; LANES];
                for (t, &w) in row.iter().enumerate() {
                    lanes[LANE[t] as usize] = (w / scale).round().clamp(-WMAX, WMAX) as i16;
                }
                // A feature whose weights all round to zero needs no place.
                lanes.iter().any(|&w| w != 0).then_some((k, Row(lanes)))
            })
            .collect();
        // Half full at most: most lookups end at their home slot.
        let cap = (quantised.len() * 2).next_power_of_two().max(16);
        let mut table = vec![(0u32, 0u32); cap];
        let mut filter = vec![0u64; 1 << 10];
        let mut rows = vec![Row([0; LANES])];
        let mask = cap - 1;
        for (k, row) in quantised {
            let fp = fingerprint(k);
            let mut i = (k as usize) & mask;
            while table[i].0 != 0 && table[i].0 != fp {
                i = (i + 1) & mask;
            }
            if table[i].0 == 0 {
                let (w, bit) = filter_bit(k);
                filter[w] |= bit;
                table[i] = (fp, rows.len() as u32);
                rows.push(row);
            }
        }
        let mut trans = trans;
        let mut start = start;
        for (from, row) in trans.iter_mut().enumerate() {
            for (to, v) in row.iter_mut().enumerate() {
                if !allowed(Some(from), to) {
                    *v = f32::NEG_INFINITY;
                }
            }
        }
        for (to, v) in start.iter_mut().enumerate() {
            if !allowed(None, to) {
                *v = f32::NEG_INFINITY;
            }
        }
        let mut model = Model {
            table,
            mask,
            filter,
            n_features: rows.len() - 1,
            rows,
            scale,
            small: Vec::new(),
            dense: DenseTrans::new(&trans, &start),
        };
        // The rows of the small-valued features, looked up once.
        let small = small_features();
        let n = small.iter().map(|&(_, r)| r + 1).max().unwrap_or(0);
        let mut rows = vec![0u32; n];
        for (f, r) in small {
            rows[r] = model.row_of(f);
        }
        model.small = rows;
        model
    }

    /// Read a weight file written by [`Model::to_bytes`] (via the trainer).
    pub(crate) fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { b, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError("not a presslens entity model".into()));
        }
        let nt = r.u32()? as usize;
        if nt != NT {
            return Err(ModelError(format!("{nt} tags, expected {NT}")));
        }
        let n = r.u32()? as usize;
        let scale = r.f32()?;
        let mut trans = [[0.0; NT]; NT];
        for row in &mut trans {
            for v in row.iter_mut() {
                *v = r.f32()?;
            }
        }
        let mut start = [0.0; NT];
        for v in &mut start {
            *v = r.f32()?;
        }
        let mut features = Vec::with_capacity(n.min(b.len() / 8));
        for _ in 0..n {
            let key = r.u64()?;
            let nnz = r.u8()? as usize;
            let mut row = [0.0f32; NT];
            for _ in 0..nnz {
                let t = r.u8()? as usize;
                let w = r.i16()?;
                if t >= NT {
                    return Err(ModelError(format!("tag {t} out of range")));
                }
                row[t] = f32::from(w) * scale;
            }
            features.push((key, row));
        }
        Ok(Model::from_parts(features, trans, start))
    }

    /// Serialise weights: features with their non-zero tag weights quantised to i16.
    pub(crate) fn to_bytes(
        features: &[(u64, [f32; NT])],
        trans: &[[f32; NT]; NT],
        start: &[f32; NT],
    ) -> Vec<u8> {
        let max = features
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, &w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32000.0 } else { 1.0 };
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(NT as u32).to_le_bytes());
        let kept: Vec<(u64, Vec<(u8, i16)>)> = features
            .iter()
            .map(|(k, r)| {
                let nz: Vec<(u8, i16)> = r
                    .iter()
                    .enumerate()
                    .map(|(t, &w)| (t as u8, (w / scale).round() as i16))
                    .filter(|&(_, q)| q != 0)
                    .collect();
                (*k, nz)
            })
            .filter(|(_, nz)| !nz.is_empty())
            .collect();
        out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for row in trans {
            for v in row {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        for v in start {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for (k, nz) in kept {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(nz.len() as u8);
            for (t, q) in nz {
                out.push(t);
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    /// Number of features with weights.
    pub(crate) fn len(&self) -> usize {
        self.n_features
    }

    /// The rows of the hashed features `feats` (row 0 for those not in the model).
    ///
    /// Called with the features of a whole document's tagged tokens at once: the table
    /// reads are independent of each other, and in one tight loop the processor has many
    /// of them in flight (one token's dozen, looked up between its other work, waited
    /// for the cache each time).
    #[inline]
    fn rows_of(&self, feats: &[u64], out: &mut [u32]) {
        for (o, &f) in out.iter_mut().zip(feats) {
            let (fp, r) = self.table[(f as usize) & self.mask];
            *o = if fp == fingerprint(f) {
                r
            } else if fp == 0 {
                0
            } else {
                self.probe(f)
            };
        }
    }

    /// The row of feature `k` (0 when it is not in the model).
    fn row_of(&self, k: u64) -> u32 {
        let mut out = [0];
        self.rows_of(&[k], &mut out);
        out[0]
    }

    /// The emission scores (in tag order) of a token with features `feats`, all looked up
    /// in the hash table: what [`Emissions`] computes faster.
    #[cfg(test)]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32; NT]) {
        let mut acc = [0i32; LANES];
        for &f in feats {
            let row = &self.rows[self.row_of(f) as usize];
            for (l, a) in acc.iter_mut().enumerate() {
                *a += i32::from(row.lane(l));
            }
        }
        for (t, s) in scores.iter_mut().enumerate() {
            *s += acc[LANE[t] as usize] as f32 * self.scale;
        }
    }

    /// Emission scores in lane layout, as [`Model::viterbi`] takes them.
    #[cfg(test)]
    pub(crate) fn lanes(scores: &[f32; NT]) -> [f32; LANES] {
        let mut e = [0.0; LANES];
        for (t, &x) in scores.iter().enumerate() {
            e[LANE[t] as usize] = x;
        }
        e
    }

    /// The row of feature `k` after a collision at its home slot (one feature in eight:
    /// inline, a call cost a third of it).
    #[inline]
    fn probe(&self, k: u64) -> u32 {
        let fp = fingerprint(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let (f, r) = self.table[i];
            if f == fp {
                return r;
            }
            if f == 0 {
                return 0;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Best tag sequence for per-token `emissions`: a whole paragraph, or a segment of it
    /// that follows an O (`after_o`) and/or precedes one (`before_o`). Exact, as in
    /// training.
    ///
    /// Why it is fast: the BIO constraints leave only O and the B tags with 27
    /// predecessors (an I tag follows its own B or I), so the forward pass is one dense
    /// max-plus product of the 27 path scores with a 27 x 16 matrix, which the compiler
    /// turns into SIMD; and it keeps scores only, no back pointers: the backtrace
    /// recomputes the one argmax per token it needs.
    pub(crate) fn viterbi(
        &self,
        emissions: &[[f32; LANES]],
        after_o: bool,
        before_o: bool,
        scratch: &mut Lattice,
        out: &mut Vec<u8>,
    ) {
        out.clear();
        let n = emissions.len();
        if n == 0 {
            return;
        }
        let d = &self.dense;
        let delta = &mut scratch.delta;
        delta.clear();
        let first = if after_o { &d.after_o } else { &d.start };
        let mut cur = [NEG; LANES];
        for ((c, &f), &e) in cur.iter_mut().zip(first).zip(&emissions[0]) {
            *c = f + e;
        }
        // The backtrace reads the scores of every token but the last: those are kept.
        for e in &emissions[1..] {
            delta.push(cur);
            cur = d.step(&cur, e);
        }
        // The best final tag (the first in tag order among equals, as in training).
        if before_o {
            for (c, &t) in cur.iter_mut().zip(&d.to_o) {
                *c += t;
            }
        }
        out.resize(n, 0);
        out[n - 1] = first_max(&cur);
        for i in (1..n).rev() {
            let into = &d.into[usize::from(out[i])];
            let prev = &delta[i - 1];
            let mut v = [NEG; LANES];
            for ((v, &p), &t) in v.iter_mut().zip(prev).zip(into) {
                *v = p + t;
            }
            out[i - 1] = first_max(&v);
        }
    }
}

const NEG: f32 = f32::NEG_INFINITY;
/// Lanes of the emission and path score vectors: O, the B tags, two unused, then the I
/// tags (and three unused).
pub(crate) const LANES: usize = 32;
/// Lanes of the tags any tag may precede: O and the B tags (and two unused).
const OB: usize = 16;
/// Lane of the first I tag.
const I0: usize = 16;
/// Lanes from which a tag may be reached, all but the last three (unused).
const FROM: usize = I0 + LABELS.len();
/// The lane of each tag.
const LANE: [u8; NT] = {
    let mut l = [0u8; NT];
    let mut t = 1;
    while t < NT {
        l[t] = if (t - 1) % 2 == 0 {
            1 + (t - 1) / 2
        } else {
            I0 + (t - 1) / 2
        } as u8;
        t += 1;
    }
    l
};

/// The first tag in tag order (as the trainer's decoder picks it among equals) whose lane
/// holds the largest score of `v`; O when every score is minus infinity. The maximum is
/// found with whole vectors, then the tags are scanned in order for it: a tag by tag
/// search with a running best cost a dozen instructions per tag.
#[inline]
fn first_max(v: &[f32; LANES]) -> u8 {
    // Halving, in arrays of fixed length: vector maxima.
    fn halve<const N: usize>(a: &[f32], b: &[f32]) -> [f32; N] {
        let mut m = [NEG; N];
        for ((m, &x), &y) in m.iter_mut().zip(a).zip(b) {
            *m = if x > y { x } else { y };
        }
        m
    }
    let m16: [f32; 16] = halve(&v[..16], &v[16..]);
    let m8: [f32; 8] = halve(&m16[..8], &m16[8..]);
    let m4: [f32; 4] = halve(&m8[..4], &m8[4..]);
    let m = m4.iter().fold(NEG, |m, &x| if x > m { x } else { m });
    if m == NEG {
        return 0;
    }
    // Scores are never NaN (finite weights, minus infinity for forbidden moves), so the
    // maximum is one of the tags' scores.
    LANE.iter()
        .position(|&l| v[usize::from(l)] == m)
        .unwrap_or(0) as u8
}

/// A row of [`DenseTrans::to_ob`], aligned so that vector additions read it directly.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct ObRow([f32; OB]);

/// The transition scores in the decoder's lane layout (unused lanes at minus infinity).
#[derive(Debug, Clone)]
struct DenseTrans {
    /// `to_ob[from][to]` for `to` among O and the B tags.
    to_ob: [ObRow; FROM],
    /// B-l to I-l, and I-l to I-l, at index `l` (and minus infinity after the labels).
    b_to_i: [f32; LANES - I0],
    i_to_i: [f32; LANES - I0],
    /// Scores of the first tag: at a paragraph start, or after an O.
    start: [f32; LANES],
    after_o: [f32; LANES],
    /// Every tag to O (a segment that precedes an O).
    to_o: [f32; LANES],
    /// `into[to]`: the scores of the moves from every lane to tag `to` (the backtrace's
    /// look at a token's predecessors).
    into: [[f32; LANES]; NT],
}

impl DenseTrans {
    fn new(trans: &[[f32; NT]; NT], start: &[f32; NT]) -> DenseTrans {
        let mut d = DenseTrans {
            to_ob: [ObRow([NEG; OB]); FROM],
            b_to_i: [NEG; LANES - I0],
            i_to_i: [NEG; LANES - I0],
            start: [NEG; LANES],
            after_o: [NEG; LANES],
            to_o: [NEG; LANES],
            into: [[NEG; LANES]; NT],
        };
        for from in 0..NT {
            let lf = LANE[from] as usize;
            for to in 0..NT {
                let lt = LANE[to] as usize;
                match tag_info(to) {
                    Some((l, false)) => match tag_info(from) {
                        Some((fl, true)) if fl == l => d.b_to_i[l] = trans[from][to],
                        Some((fl, false)) if fl == l => d.i_to_i[l] = trans[from][to],
                        _ => {}
                    },
                    _ => d.to_ob[lf].0[lt] = trans[from][to],
                }
            }
            d.start[lf] = start[from];
            d.after_o[lf] = trans[0][from];
            d.to_o[lf] = trans[from][0];
            for (to, into) in d.into.iter_mut().enumerate() {
                into[lf] = trans[from][to];
            }
        }
        d
    }

    /// The path scores at a token from those at the token before and its emissions:
    /// whole vectors at a time, as the compiler's vectoriser likes them.
    #[inline]
    fn step(&self, prev: &[f32; LANES], e: &[f32; LANES]) -> [f32; LANES] {
        // O and B: the best of every predecessor.
        // `max(a, v)` in the operand order of the processor's vector maximum, which then
        // needs no register copies. (On a tie it keeps `v` where the other order kept
        // `a`: the same number, or zeros of two signs, which every later comparison
        // takes as equal: the same path either way.)
        #[inline(always)]
        fn max(a: f32, v: f32) -> f32 {
            if a > v { a } else { v }
        }
        // Rows two at a time, and none for the two unused lanes between the B and the I
        // tags (their scores are always minus infinity, which changes no maximum).
        #[inline(always)]
        fn rows(ob: &mut [f32; OB], prev: &[f32], rows: &[ObRow]) {
            let (xs, rs) = (prev.chunks_exact(2), rows.chunks_exact(2));
            let (x1, r1) = (xs.remainder(), rs.remainder());
            for (x, r) in xs.zip(rs) {
                for ((a, &t0), &t1) in ob.iter_mut().zip(&r[0].0).zip(&r[1].0) {
                    *a = max(max(*a, x[0] + t0), x[1] + t1);
                }
            }
            for (&x, r) in x1.iter().zip(r1) {
                for (a, &t) in ob.iter_mut().zip(&r.0) {
                    *a = max(*a, x + t);
                }
            }
        }
        let mut ob = [NEG; OB];
        let b_end = 1 + LABELS.len();
        rows(&mut ob, &prev[..b_end], &self.to_ob[..b_end]);
        rows(&mut ob, &prev[I0..FROM], &self.to_ob[I0..FROM]);
        // I-l: the better of B-l and I-l.
        let mut i = [NEG; LANES - I0];
        let from_b = &prev[1..1 + LANES - I0];
        for (((o, &pb), &pi), (&tb, &ti)) in i
            .iter_mut()
            .zip(from_b)
            .zip(&prev[I0..])
            .zip(self.b_to_i.iter().zip(&self.i_to_i))
        {
            let (b, c) = (pb + tb, pi + ti);
            *o = if c > b { c } else { b };
        }
        // Two halves of one shape each: vector additions.
        let mut cur = [0.0; LANES];
        let (lo, hi) = cur.split_at_mut(OB);
        for ((c, &x), &y) in lo.iter_mut().zip(&ob).zip(e) {
            *c = x + y;
        }
        for ((c, &x), &y) in hi.iter_mut().zip(&i).zip(&e[OB..]) {
            *c = x + y;
        }
        cur
    }
}

/// The emission scores of a document's tagged tokens, computed together: their features
/// are collected first (see [`Emissions::sink`]), then looked up all at once, then summed
/// per token (see [`Emissions::compute`]).
#[derive(Debug, Default)]
pub(crate) struct Emissions {
    /// Hashed features of every token, in order.
    keys: Vec<u64>,
    /// Rows of the small-valued features of every token, in order.
    small: Vec<u32>,
    /// Per token: the ends of its features in `keys` and in `small`.
    ends: Vec<(u32, u32)>,
    /// Rows of the hashed features (`keys` looked up).
    rows: Vec<u32>,
    /// Emission scores of every token, in lane layout, once computed.
    pub scores: Vec<[f32; LANES]>,
}

/// The largest weight, in units of [`Model::scale`]: a sum of [`MAX_SUM`] rows stays
/// within 16 bits.
const WMAX: f32 = 800.0;
/// Rows summed in 16-bit lanes: more than a token has (a dozen hashed features and a few
/// small-valued ones; a token in many gazetteer classes may have more, summed in 32 bits).
const MAX_SUM: usize = 40;

impl Emissions {
    pub(crate) fn clear(&mut self) {
        self.keys.clear();
        self.small.clear();
        self.ends.clear();
        self.scores.clear();
    }

    /// The sink of the next token's features; [`Emissions::end_token`] closes it.
    pub(crate) fn sink<'a>(&'a mut self, model: &'a Model) -> Collect<'a> {
        Collect { model, em: self }
    }

    /// The features given since the last call are the next token's.
    pub(crate) fn end_token(&mut self) {
        self.ends
            .push((self.keys.len() as u32, self.small.len() as u32));
    }

    /// The emission scores of every token (in [`Emissions::scores`]).
    pub(crate) fn compute(&mut self, model: &Model) {
        self.rows.resize(self.keys.len(), 0);
        model.rows_of(&self.keys, &mut self.rows);
        self.scores.clear();
        let (mut k0, mut s0) = (0, 0);
        for &(k1, s1) in &self.ends {
            let (k1, s1) = (k1 as usize, s1 as usize);
            let (hashed, small) = (&self.rows[k0..k1], &self.small[s0..s1]);
            self.scores.push(if hashed.len() + small.len() <= MAX_SUM {
                model.emission(hashed, small)
            } else {
                model.wide_emission(hashed, small)
            });
            (k0, s0) = (k1, s1);
        }
    }
}

impl Model {
    /// The emission scores of a token whose features have rows `hashed` and `small`, at
    /// most [`MAX_SUM`] of them: summed in 16-bit lanes.
    #[inline]
    fn emission(&self, hashed: &[u32], small: &[u32]) -> [f32; LANES] {
        // A local array passed by value: the compiler then keeps it in vector
        // registers, which it does not dare through a reference.
        let mut sum = [0i16; LANES];
        for &r in hashed {
            if let Some(row) = self.rows.get(r as usize) {
                sum = add_row(sum, row);
            }
        }
        for &r in small {
            if let Some(row) = self.rows.get(r as usize) {
                sum = add_row(sum, row);
            }
        }
        sum.map(|a| f32::from(a) * self.scale)
    }

    /// [`Model::emission`] of any number of rows, in 32-bit lanes.
    #[cold]
    fn wide_emission(&self, hashed: &[u32], small: &[u32]) -> [f32; LANES] {
        let mut sum = [0i32; LANES];
        for &r in hashed.iter().chain(small) {
            if let Some(row) = self.rows.get(r as usize) {
                for (x, &w) in sum.iter_mut().zip(&row.0) {
                    *x += i32::from(w);
                }
            }
        }
        sum.map(|a| a as f32 * self.scale)
    }
}

#[inline(always)]
fn add_row(mut sum: Sums, row: &Row) -> Sums {
    for (x, &w) in sum.iter_mut().zip(&row.0) {
        *x = x.wrapping_add(w);
    }
    sum
}

/// The tagger's sink of one token's features (see [`Emissions::sink`]).
pub(crate) struct Collect<'a> {
    model: &'a Model,
    em: &'a mut Emissions,
}

impl FeatureSink for Collect<'_> {
    #[inline]
    fn hashed(&mut self, template: u64, value: u64) {
        let k = feat(template, value);
        // Most features of a text are not in the model: the filter turns them away
        // here, before they take a place in the list.
        let (w, bit) = filter_bit(k);
        if self.model.filter.get(w).is_none_or(|&x| x & bit == 0) {
            return;
        }
        self.em.keys.push(k);
    }

    #[inline]
    fn small(&mut self, template: u64, value: u64) {
        match small_row(template, value) {
            Some(r) => self
                .em
                .small
                .push(self.model.small.get(r).copied().unwrap_or(0)),
            None => self.hashed(template, value),
        }
    }
}

/// The word and bit of feature `k` in [`Model::filter`].
#[inline]
fn filter_bit(k: u64) -> (usize, u64) {
    let b = ((k >> 16) & 0xffff) as usize;
    (b >> 6, 1 << (b & 63))
}

/// The high half of a feature hash, never 0 (the empty-slot mark).
#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

/// Reusable buffers of [`Model::viterbi`].
#[derive(Debug, Default)]
pub(crate) struct Lattice {
    /// Path scores of every token, in lane layout.
    delta: Vec<[f32; LANES]>,
}

/// Exact Viterbi decoding with BIO constraints (training uses it), of a segment that
/// may follow and precede an O as [`Model::viterbi`]'s.
pub(crate) fn viterbi(
    trans: &[[f32; NT]; NT],
    start: &[f32; NT],
    emissions: &[[f32; NT]],
    after_o: bool,
    before_o: bool,
    out: &mut Vec<u8>,
) {
    out.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let mut back: Vec<[u8; NT]> = vec![[0u8; NT]; n];
    let mut delta = [NEG; NT];
    for t in 0..NT {
        if allowed(None, t) {
            delta[t] = if after_o { trans[0][t] } else { start[t] } + emissions[0][t];
        }
    }
    for i in 1..n {
        let mut next = [NEG; NT];
        for to in 0..NT {
            let mut best = NEG;
            let mut arg = 0u8;
            for from in 0..NT {
                if delta[from] == NEG || !allowed(Some(from), to) {
                    continue;
                }
                let s = delta[from] + trans[from][to];
                if s > best {
                    best = s;
                    arg = from as u8;
                }
            }
            if best > NEG {
                next[to] = best + emissions[i][to];
            }
            back[i][to] = arg;
        }
        delta = next;
    }
    let end = |t: usize| {
        if before_o {
            delta[t] + trans[t][0]
        } else {
            delta[t]
        }
    };
    let mut best = 0;
    for t in 0..NT {
        if end(t) > end(best) {
            best = t;
        }
    }
    out.resize(n, 0);
    out[n - 1] = best as u8;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
}

/// Averaged structured perceptron training state.
#[derive(Debug, Default)]
pub(crate) struct Trainer {
    index: IdMap<usize>,
    w: Vec<[f32; NT]>,
    /// Sum of (step * update), for averaging.
    u: Vec<[f32; NT]>,
    trans: Vec<[f32; NT]>,
    trans_u: Vec<[f32; NT]>,
    start: [f32; NT],
    start_u: [f32; NT],
    step: f32,
}

impl Trainer {
    pub(crate) fn new() -> Trainer {
        Trainer {
            trans: vec![[0.0; NT]; NT],
            trans_u: vec![[0.0; NT]; NT],
            step: 1.0,
            ..Trainer::default()
        }
    }

    fn idx(&mut self, f: u64) -> usize {
        let n = self.w.len();
        let i = *self.index.entry(f).or_insert(n);
        if i == n {
            self.w.push([0.0; NT]);
            self.u.push([0.0; NT]);
        }
        i
    }

    /// Decode one segment with the current weights.
    pub(crate) fn decode(
        &self,
        feats: &[Vec<u64>],
        after_o: bool,
        before_o: bool,
        out: &mut Vec<u8>,
    ) {
        let em: Vec<[f32; NT]> = feats
            .iter()
            .map(|fs| {
                let mut s = [0.0; NT];
                for f in fs {
                    if let Some(&i) = self.index.get(f) {
                        for (a, b) in s.iter_mut().zip(&self.w[i]) {
                            *a += b;
                        }
                    }
                }
                s
            })
            .collect();
        let trans: [[f32; NT]; NT] = std::array::from_fn(|i| self.trans[i]);
        viterbi(&trans, &self.start, &em, after_o, before_o, out);
    }

    /// One training segment: update towards `gold` where `pred` differs.
    pub(crate) fn update(
        &mut self,
        feats: &[Vec<u64>],
        gold: &[u8],
        pred: &[u8],
        after_o: bool,
        before_o: bool,
    ) {
        let c = self.step;
        let outside = after_o.then_some(0usize);
        if gold != pred {
            if before_o {
                let (g, p) = (gold[gold.len() - 1] as usize, pred[pred.len() - 1] as usize);
                if g != p {
                    self.trans[g][0] += 1.0;
                    self.trans_u[g][0] += c;
                    self.trans[p][0] -= 1.0;
                    self.trans_u[p][0] -= c;
                }
            }
            for (i, fs) in feats.iter().enumerate() {
                let (g, p) = (gold[i] as usize, pred[i] as usize);
                if g != p {
                    for &f in fs {
                        let k = self.idx(f);
                        self.w[k][g] += 1.0;
                        self.u[k][g] += c;
                        self.w[k][p] -= 1.0;
                        self.u[k][p] -= c;
                    }
                }
                let (gprev, pprev) = if i == 0 {
                    (outside, outside)
                } else {
                    (Some(gold[i - 1] as usize), Some(pred[i - 1] as usize))
                };
                if g != p || gprev != pprev {
                    match gprev {
                        None => {
                            self.start[g] += 1.0;
                            self.start_u[g] += c;
                        }
                        Some(a) => {
                            self.trans[a][g] += 1.0;
                            self.trans_u[a][g] += c;
                        }
                    }
                    match pprev {
                        None => {
                            self.start[p] -= 1.0;
                            self.start_u[p] -= c;
                        }
                        Some(a) => {
                            self.trans[a][p] -= 1.0;
                            self.trans_u[a][p] -= c;
                        }
                    }
                }
            }
        }
        self.step += 1.0;
    }

    /// The averaged weights: per feature, the transitions and the start scores.
    pub(crate) fn averaged(&self) -> Weights {
        let c = self.step;
        let avg = |w: &[f32; NT], u: &[f32; NT]| -> [f32; NT] {
            std::array::from_fn(|t| w[t] - u[t] / c)
        };
        Weights {
            features: self
                .index
                .iter()
                .map(|(&k, &i)| (k, avg(&self.w[i], &self.u[i])))
                .collect(),
            trans: std::array::from_fn(|i| avg(&self.trans[i], &self.trans_u[i])),
            start: avg(&self.start, &self.start_u),
        }
    }
}

/// Trained weights before serialisation.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    pub features: IdMap<[f32; NT]>,
    pub trans: [[f32; NT]; NT],
    pub start: [f32; NT],
}

impl Weights {
    /// The mean of several trainings' weights (bagging over shuffles, which steadies a
    /// perceptron trained on little data).
    pub(crate) fn mean(runs: &[Weights]) -> Weights {
        let k = runs.len().max(1) as f32;
        let mut features: IdMap<[f32; NT]> = IdMap::default();
        let mut trans = [[0.0; NT]; NT];
        let mut start = [0.0; NT];
        for r in runs {
            for (f, row) in &r.features {
                let acc = features.entry(*f).or_insert([0.0; NT]);
                for (a, w) in acc.iter_mut().zip(row) {
                    *a += w / k;
                }
            }
            for (a, b) in trans.iter_mut().zip(&r.trans) {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y / k;
                }
            }
            for (a, b) in start.iter_mut().zip(&r.start) {
                *a += b / k;
            }
        }
        Weights {
            features,
            trans,
            start,
        }
    }

    /// The weight file, keeping the features `keep` accepts.
    pub(crate) fn to_bytes(&self, keep: impl Fn(u64) -> bool) -> Vec<u8> {
        let mut feats: Vec<(u64, [f32; NT])> = self
            .features
            .iter()
            .filter(|&(&k, r)| keep(k) && r.iter().any(|w| w.abs() > 1e-3))
            .map(|(&k, r)| (k, *r))
            .collect();
        feats.sort_by_key(|(k, _)| *k);
        Model::to_bytes(&feats, &self.trans, &self.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(NT, 27);
        assert_eq!(tag_info(0), None);
        assert_eq!(tag_info(tag_b(0)), Some((0, true)));
        assert_eq!(tag_info(tag_b(0) + 1), Some((0, false)));
        assert!(!allowed(None, tag_b(2) + 1));
        assert!(!allowed(Some(tag_b(1)), tag_b(2) + 1));
        assert!(allowed(Some(tag_b(2)), tag_b(2) + 1));
    }

    /// The first tag in tag order holding the maximum, as the trainer's decoder picks it,
    /// on scores with many ties.
    #[test]
    fn first_max_is_the_first_tag_in_tag_order() {
        let reference = |v: &[f32; LANES]| {
            let m = LANE.iter().map(|&l| v[usize::from(l)]).fold(NEG, f32::max);
            if m == NEG {
                return 0;
            }
            LANE.iter().position(|&l| v[usize::from(l)] == m).unwrap() as u8
        };
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut v = [NEG; LANES];
            for &l in &LANE {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Few values, so that ties are common; some lanes forbidden.
                v[usize::from(l)] = match x % 5 {
                    0 => NEG,
                    k => k as f32,
                };
            }
            assert_eq!(first_max(&v), reference(&v), "{v:?}");
        }
        assert_eq!(first_max(&[NEG; LANES]), 0);
    }

    /// A token with more features than 16-bit sums hold (a word in many gazetteer
    /// classes) is summed in 32 bits: the same scores as looking every feature up, and
    /// no overflow where 16 bits would wrap.
    #[test]
    fn many_features_sum_without_overflow() {
        let mut features = Vec::new();
        for k in 1..=100u64 {
            let mut row = [0.0; NT];
            row[tag_b(1)] = 10.0;
            row[0] = -10.0;
            features.push((feat(99, k), row));
        }
        let bytes = Model::to_bytes(&features, &[[0.0; NT]; NT], &[0.0; NT]);
        let m = Model::from_bytes(&bytes).unwrap();
        let mut em = Emissions::default();
        for n in [3u64, MAX_SUM as u64, 100] {
            let keys: Vec<u64> = (1..=n).map(|k| feat(99, k)).collect();
            let mut sink = em.sink(&m);
            for k in 1..=n {
                sink.hashed(99, k);
            }
            em.end_token();
            let mut slow = [0.0; NT];
            m.score(&keys, &mut slow);
            assert!(
                (slow[tag_b(1)] - 10.0 * n as f32).abs() < 0.1 * n as f32,
                "{n}"
            );
        }
        em.compute(&m);
        for (scores, n) in em.scores.iter().zip([3.0f32, MAX_SUM as f32, 100.0]) {
            let b1 = scores[usize::from(LANE[tag_b(1)])];
            assert!((b1 - 10.0 * n).abs() < 0.1 * n, "{n}: {b1}");
            assert!(scores[0] < 0.0, "{n}");
        }
    }

    #[test]
    fn round_trip_and_decode() {
        let mut row = [0.0; NT];
        row[tag_b(0)] = 2.0;
        let mut row2 = [0.0; NT];
        row2[tag_b(0) + 1] = 3.0;
        let bytes = Model::to_bytes(&[(7, row), (9, row2)], &[[0.0; NT]; NT], &[0.0; NT]);
        let m = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m.len(), 2);
        let mut e1 = [0.0; NT];
        m.score(&[7], &mut e1);
        let mut e2 = [0.0; NT];
        m.score(&[9, 12345], &mut e2);
        let mut out = Vec::new();
        let em = [Model::lanes(&e1), Model::lanes(&e2)];
        m.viterbi(&em, false, false, &mut Lattice::default(), &mut out);
        assert_eq!(out, [tag_b(0) as u8, tag_b(0) as u8 + 1]);
        assert!(Model::from_bytes(&bytes[..20]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }

    /// The fast decoder finds the trainer's path, ties included (scores are small
    /// integers here, so that equal paths are common).
    #[test]
    fn fast_viterbi_equals_exact_viterbi() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |k: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % k) as f32 - (k / 2) as f32
        };
        for round in 0..200 {
            let mut trans = [[0.0; NT]; NT];
            for row in &mut trans {
                for v in row.iter_mut() {
                    *v = next(5);
                }
            }
            let mut start = [0.0; NT];
            for v in &mut start {
                *v = next(5);
            }
            let feats: Vec<(u64, [f32; NT])> = (0..4u64)
                .map(|k| (k * 7919 + 1, std::array::from_fn(|_| next(7))))
                .collect();
            let m = Model::from_bytes(&Model::to_bytes(&feats, &trans, &start)).unwrap();
            let n = 1 + round % 9;
            let mut slow = Vec::new();
            let mut fast = Vec::new();
            for _ in 0..n {
                let f = (next(4) + 2.0) as u64 * 7919 + 1;
                let mut e = [0.0; NT];
                m.score(&[f], &mut e);
                slow.push(e);
                fast.push(Model::lanes(&e));
            }
            for (after_o, before_o) in [(false, false), (true, false), (false, true), (true, true)]
            {
                let mut want = Vec::new();
                viterbi(&trans, &start, &slow, after_o, before_o, &mut want);
                let mut got = Vec::new();
                m.viterbi(&fast, after_o, before_o, &mut Lattice::default(), &mut got);
                assert_eq!(got, want, "round {round}");
            }
        }
    }
}
