//! Fast, stable 64-bit hashing for feature keys (identical on every platform, so trained weights
//! index the same buckets natively and in WASM).

/// Mixes `x` into the running hash `h`.
#[inline]
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(23) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (h >> 29)
}

/// Hash of a string (FNV-1a, then mixed).
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Hash of a byte string, equal to [`hash_str`] of the same bytes.
#[inline]
pub fn hash_bytes(s: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h, s.len() as u64)
}

/// Hash of the last `n` characters of `s` (all of `s` when shorter).
pub fn hash_suffix(s: &str, n: usize) -> u64 {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    mix(hash_str(&s[start..]), n as u64)
}

/// Hash of the first `n` characters of `s` (all of `s` when shorter).
pub fn hash_prefix(s: &str, n: usize) -> u64 {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    mix(hash_str(&s[..end]), 100 + n as u64)
}

/// A fast, deterministic hasher for the model's string-keyed maps (FxHash-style).
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A HashMap using [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// Advances the xorshift generator state `rng` (non-zero) and returns the new state.
#[inline]
pub fn xorshift(rng: &mut u64) -> u64 {
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    *rng
}

/// Shuffles `order` in place, deterministically, with the xorshift generator state `rng`
/// (Fisher–Yates; the trainers use it so that training is reproducible byte for byte).
pub fn xorshift_shuffle(order: &mut [usize], rng: &mut u64) {
    for i in (1..order.len()).rev() {
        order.swap(i, (xorshift(rng) % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_and_prefixes_are_char_based() {
        assert_eq!(hash_suffix("שלום", 2), hash_suffix("כלום", 2));
        assert_ne!(hash_suffix("שלום", 2), hash_suffix("שלים", 2));
        assert_eq!(hash_suffix("ם", 3), hash_suffix("ם", 3));
        assert_eq!(hash_prefix("ובית", 2), hash_prefix("ובן", 2));
        assert_eq!(hash_prefix("", 2), hash_prefix("", 2));
    }
}
