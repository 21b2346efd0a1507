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
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
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
