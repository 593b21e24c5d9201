//! A fast hasher for the stages' word tables.
//!
//! Lexicon lookups happen at almost every word of every document, over fixed, trusted key
//! sets: SipHash's protection against hash flooding buys nothing there and would cost
//! more than the rest of a lookup.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hash of rustc, eight bytes at a time, with a final fold of the high bits into
/// the low ones.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
        }
        self.0 = h;
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(K);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiplication leaves the low bits depending on the first bytes only, and a
        // hash table indexes by the low bits: fold the high bits down.
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (h >> 32)
    }
}

/// A hash map with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash>(v: T) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(v)
    }

    #[test]
    fn words_differ_in_their_low_bits() {
        // Words that share their first eight bytes must still spread over a table.
        let lows: std::collections::HashSet<u64> = ["international", "internationally", "internet"]
            .iter()
            .map(|w| hash(w.as_bytes()) & 0xff)
            .collect();
        assert_eq!(lows.len(), 3);
        assert_eq!(hash(b"said".as_slice()), hash(b"said".as_slice()));
        assert_ne!(hash(b"said".as_slice()), hash(b"says".as_slice()));
    }
}
