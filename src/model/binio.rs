//! A tiny, versioned little-endian binary format for model files.

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid model file: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    /// The bytes written so far.
    pub buf: Vec<u8>,
}

impl Writer {
    /// Writes an unsigned LEB128 integer.
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(b);
                break;
            }
            self.buf.push(b | 0x80);
        }
    }

    /// Writes a zigzag-encoded signed integer.
    pub fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    /// Writes a length-prefixed string.
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
}

/// Reads values written by [`Writer`]; every read is bounds-checked.
#[derive(Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    /// Reads an unsigned LEB128 integer.
    pub fn varint(&mut self) -> Result<u64, FormatError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.data.get(self.pos).ok_or_else(|| FormatError("truncated".into()))?;
            self.pos += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(FormatError("varint too long".into()))
    }

    /// Reads a varint that must fit in usize and be at most `max`.
    pub fn len(&mut self, max: usize) -> Result<usize, FormatError> {
        let v = self.varint()?;
        if v > max as u64 {
            return Err(FormatError(format!("length {v} exceeds {max}")));
        }
        Ok(v as usize)
    }

    /// Reads a zigzag-encoded signed integer.
    pub fn signed(&mut self) -> Result<i64, FormatError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// Reads a length-prefixed string.
    pub fn str(&mut self) -> Result<&'a str, FormatError> {
        let n = self.len(self.data.len() - self.pos)?;
        let bytes = &self.data[self.pos..self.pos + n];
        self.pos += n;
        std::str::from_utf8(bytes).map_err(|_| FormatError("string is not UTF-8".into()))
    }

    /// True when every byte was read.
    pub fn at_end(&self) -> bool {
        self.pos == self.data.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut w = Writer::default();
        w.varint(300);
        w.signed(-5);
        w.str("שלום");
        let mut r = Reader::new(&w.buf);
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.signed().unwrap(), -5);
        assert_eq!(r.str().unwrap(), "שלום");
        assert!(r.at_end());
        let mut r = Reader::new(&w.buf[..w.buf.len() - 2]);
        r.varint().unwrap();
        r.signed().unwrap();
        assert!(r.str().is_err());
    }
}
