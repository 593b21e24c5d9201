//! The tagger: a first-order structured averaged perceptron over BIO tags, decoded with
//! Viterbi, and its compact binary weight file.
//!
//! Why this model: it trains in seconds from one command, its weights are a few MB, and
//! exact Viterbi decoding over the whole paragraph gives better boundaries than greedy
//! tagging (a name is never cut in two by one doubtful token).

use presslens_core::EntityLabel;

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
    /// bits (0 = empty slot) and `offset << 5 | count` of its weights in `weights`. One
    /// 8-byte slot per probe, so a lookup touches one cache line of the table.
    table: Vec<(u32, u32)>,
    mask: usize,
    /// Non-zero weights of every feature, contiguous, each packed as `weight << 16 | tag`
    /// with the weight quantised to i16 (times `scale`). Sparse because most features
    /// favour or disfavour a few tags only: the whole model stays in cache.
    weights: Vec<u32>,
    scale: f32,
    n_features: usize,
    /// Transition scores `trans[from][to]`, and `start[to]`, with forbidden moves (an I
    /// tag after anything but its own B or I) at minus infinity.
    trans: [[f32; NT]; NT],
    start: [f32; NT],
}

/// Tags whose emission is more than this below the token's best are not considered.
pub(crate) const EMISSION_BEAM: f32 = 100.0;

/// States whose path score is more than this below the best at their token are dropped
/// (in the weights' units; the transition weights span about 75).
pub(crate) const PATH_BEAM: f32 = 30.0;

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
        let cap = (features.len() * 2).next_power_of_two().max(16);
        let mut table = vec![(0u32, 0u32); cap];
        let mut weights = Vec::new();
        let mut n_features = 0;
        let mask = cap - 1;
        let max = features
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, &w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32000.0 } else { 1.0 };
        for (k, row) in features {
            let fp = fingerprint(k);
            let mut i = (k as usize) & mask;
            while table[i].0 != 0 && table[i].0 != fp {
                i = (i + 1) & mask;
            }
            if table[i].0 == 0 {
                let off = weights.len() as u32;
                weights.extend(row.iter().enumerate().filter_map(|(t, &w)| {
                    let q = (w / scale).round() as i16;
                    (q != 0).then_some((u32::from(q as u16) << 16) | t as u32)
                }));
                let count = weights.len() as u32 - off;
                table[i] = (fp, (off << 5) | count);
                n_features += 1;
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
        Model {
            table,
            mask,
            weights,
            scale,
            n_features,
            trans,
            start,
        }
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

    /// The emission scores of a token with features `feats`.
    ///
    /// Two passes: first every feature's table slot is read (independent loads that the
    /// processor overlaps), then the weights are added; a single pass would wait for each
    /// slot before asking for the next.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32; NT]) {
        const CHUNK: usize = 32;
        let mut acc = [0i32; NT];
        for part in feats.chunks(CHUNK) {
            let mut slots = [(0u32, 0u32, 0u64); CHUNK];
            for (slot, &f) in slots.iter_mut().zip(part) {
                let i = (f as usize) & self.mask;
                let (fp, s) = self.table[i];
                *slot = (fp, s, f);
            }
            for &(fp, s, f) in &slots[..part.len()] {
                let want = fingerprint(f);
                let s = if fp == want {
                    s
                } else if fp == 0 {
                    continue;
                } else {
                    match self.probe(f) {
                        Some(s) => s,
                        None => continue,
                    }
                };
                let off = (s >> 5) as usize;
                for &p in self
                    .weights
                    .get(off..off + (s & 31) as usize)
                    .unwrap_or(&[])
                {
                    if let Some(a) = acc.get_mut((p & 0xff) as usize) {
                        *a += i32::from((p >> 16) as u16 as i16);
                    }
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s += a as f32 * self.scale;
        }
    }

    /// The slot word of feature `k` after a collision at its home slot.
    #[cold]
    fn probe(&self, k: u64) -> Option<u32> {
        let fp = fingerprint(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let (f, s) = self.table[i];
            if f == fp {
                return Some(s);
            }
            if f == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Best tag sequence for per-token `emissions`: a whole paragraph, or a segment of it
    /// that follows an O (`after_o`) and/or precedes one (`before_o`). States whose path
    /// score falls more than [`PATH_BEAM`] below the best are dropped.
    pub(crate) fn viterbi(
        &self,
        emissions: &[[f32; NT]],
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
        let Lattice {
            cand,
            delta,
            back,
            offs,
            live,
        } = scratch;
        cand.clear();
        delta.clear();
        back.clear();
        offs.clear();
        for (i, e) in emissions.iter().enumerate() {
            let s = cand.len();
            // Beam over paths: a previous state far below the best rarely leads to the
            // best path (a transition would have to make up the difference); dropping
            // them costs next to nothing in accuracy on the dev sets and most of the
            // 27 x 27 work.
            live.clear();
            let mut live_labels = 0u32;
            if i > 0 {
                let ps = offs[i - 1] as usize;
                let floor = delta[ps..s]
                    .iter()
                    .copied()
                    .fold(f32::NEG_INFINITY, f32::max)
                    - PATH_BEAM;
                for p in ps..s {
                    if delta[p] >= floor {
                        live.push(p);
                        if let Some((l, _)) = tag_info(cand[p] as usize) {
                            live_labels |= 1 << l;
                        }
                    }
                }
            }
            offs.push(s as u32);
            // Tags far below the token's best emission are not considered, nor an I tag
            // whose mention has no live state before it.
            let mx = e.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            cand.extend((0..NT as u8).filter(|&t| {
                t == 0
                    || (e[t as usize] >= mx - EMISSION_BEAM
                        && match tag_info(t as usize) {
                            Some((l, false)) => live_labels & (1 << l) != 0,
                            _ => true,
                        })
            }));
            if i == 0 {
                let first = if after_o { &self.trans[0] } else { &self.start };
                for &t in &cand[s..] {
                    delta.push(first[t as usize] + e[t as usize]);
                    back.push(0);
                }
                continue;
            }
            let ps = offs[i - 1] as usize;
            for c in s..cand.len() {
                let t = cand[c] as usize;
                let mut best = f32::NEG_INFINITY;
                let mut arg = ps;
                for &p in live.iter() {
                    let v = delta[p] + self.trans[cand[p] as usize][t];
                    if v > best {
                        best = v;
                        arg = p;
                    }
                }
                delta.push(best + e[t]);
                back.push(arg as u32);
            }
        }
        let last = offs[n - 1] as usize;
        let end = |c: usize| {
            if before_o {
                delta[c] + self.trans[cand[c] as usize][0]
            } else {
                delta[c]
            }
        };
        let mut best = last;
        for c in last..cand.len() {
            if end(c) > end(best) {
                best = c;
            }
        }
        out.resize(n, 0);
        let mut c = best;
        for i in (0..n).rev() {
            out[i] = cand[c];
            c = back[c] as usize;
        }
    }
}

/// The high half of a feature hash, never 0 (the empty-slot mark).
#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

/// Reusable buffers of the pruned decoder.
#[derive(Debug, Default)]
pub(crate) struct Lattice {
    cand: Vec<u8>,
    delta: Vec<f32>,
    back: Vec<u32>,
    offs: Vec<u32>,
    live: Vec<usize>,
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
        m.viterbi(&[e1, e2], false, false, &mut Lattice::default(), &mut out);
        assert_eq!(out, [tag_b(0) as u8, tag_b(0) as u8 + 1]);
        assert!(Model::from_bytes(&bytes[..20]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}
