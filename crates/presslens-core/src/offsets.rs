//! Byte offset to character offset conversion for the output.

/// Bytes per block of the index: the cost of one lookup is at most one block scan.
const BLOCK: usize = 64;

/// Converts byte offsets of one text into character offsets (Unicode scalar values, as
/// Python, spaCy and brat count them).
///
/// Built in one linear pass over the text; a lookup then costs O(1) plus a scan of at most
/// 64 bytes, so converting every span of a document is linear in its size instead of the
/// quadratic cost of counting characters from the start for each span. Pure-ASCII texts,
/// the common case in English news, skip the index entirely.
#[derive(Debug, Clone)]
pub struct OffsetMap<'t> {
    text: &'t [u8],
    /// Characters before each block; empty when the text is ASCII.
    blocks: Vec<u32>,
}

impl<'t> OffsetMap<'t> {
    /// Index `text`.
    pub fn new(text: &'t str) -> OffsetMap<'t> {
        let bytes = text.as_bytes();
        if bytes.is_ascii() {
            return OffsetMap {
                text: bytes,
                blocks: Vec::new(),
            };
        }
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars = 0u32;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(chars);
            chars += chunk.iter().filter(|&&b| !is_continuation(b)).count() as u32;
        }
        blocks.push(chars);
        OffsetMap {
            text: bytes,
            blocks,
        }
    }

    /// The character offset of byte offset `byte`. Offsets past the end map to the text's
    /// length in characters; an offset inside a character counts that character as started.
    #[inline]
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.blocks.is_empty() {
            return byte;
        }
        let block = byte / BLOCK;
        let base = self.blocks[block] as usize;
        let from = block * BLOCK;
        base + self.text[from..byte]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count()
    }

    /// True when every character is one byte, so byte and character offsets agree.
    pub fn is_ascii(&self) -> bool {
        self.blocks.is_empty()
    }
}

#[inline]
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(text: &str, byte: usize) -> usize {
        text[..byte].chars().count()
    }

    #[test]
    fn ascii_is_identity() {
        let m = OffsetMap::new("plain text");
        assert!(m.is_ascii());
        assert_eq!(m.char_offset(5), 5);
        assert_eq!(m.char_offset(500), 10);
    }

    #[test]
    fn matches_naive_count_at_every_boundary() {
        let text = "“Hostage” — Cambodia’s «leader» said: ça va, 你好 🙂 ".repeat(9);
        let m = OffsetMap::new(&text);
        for (b, _) in text.char_indices() {
            assert_eq!(m.char_offset(b), naive(&text, b), "byte {b}");
        }
        assert_eq!(m.char_offset(text.len()), text.chars().count());
    }
}
