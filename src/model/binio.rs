//! A tiny, versioned little-endian binary format for model files.
//!
//! Every model file starts with a [`HEADER_LEN`]-byte header: 8 bytes naming the kind of model
//! ([`ModelKind::magic`]) and its format version (u32, little-endian). Readers check it with
//! [`read_header`] (or [`Reader::header`]) before decoding anything else, so a file of another
//! kind or format is a clear [`FormatError`], never a misread.

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid model file: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

/// A kind of model file: the magic bytes that start it and the format version this build reads
/// and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelKind {
    /// The first 8 bytes of every file of this kind.
    pub magic: [u8; 8],
    /// What error messages call it ("morphology model").
    pub name: &'static str,
    /// The format version this build writes and reads.
    pub version: u32,
}

/// The first six bytes of every dikduk model file's magic.
const FAMILY: &[u8; 6] = b"dikduk";

/// `models/morph.bin`: the morphology model (format 1 was headed by the string `dikduk-morph/1`).
pub const MORPH: ModelKind = ModelKind { magic: *b"dikdukMO", name: "morphology model", version: 2 };
/// `models/lexicon.bin`: the packed lexicon (sorted text lines after the header).
pub const LEXICON: ModelKind = ModelKind { magic: *b"dikdukLX", name: "lexicon", version: 2 };
/// `models/ner.bin`: the named-entity model (format 3 was headed by the string `dikduk-ner-3`).
pub const NER: ModelKind = ModelKind { magic: *b"dikdukNE", name: "NER model", version: 6 };
/// The parser (`models/parse.bin`).
/// (Format 2 stores the beam width the model was trained with.)
pub const PARSE: ModelKind = ModelKind { magic: *b"dikdukPA", name: "parser model", version: 2 };

/// `models/conventions.bin`: the HTB → IAHLT conventions table.
pub const CONVENTIONS: ModelKind = ModelKind { magic: *b"dikdukCV", name: "conventions table", version: 1 };

/// Every kind this build knows, so that a file of one kind given for another is named as such.
pub const KINDS: [ModelKind; 5] = [MORPH, LEXICON, NER, PARSE, CONVENTIONS];

/// Length of the header that starts every model file: the magic, then the version.
pub const HEADER_LEN: usize = 12;

/// The header of a model file of `kind`: its magic and format version.
pub fn header(kind: &ModelKind) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..8].copy_from_slice(&kind.magic);
    h[8..].copy_from_slice(&kind.version.to_le_bytes());
    h
}

/// Checks that `data` starts with the header of `kind` (magic and format version); returns the
/// bytes after the header.
pub fn read_header<'a>(data: &'a [u8], kind: &ModelKind) -> Result<&'a [u8], FormatError> {
    let n = data.len().min(8);
    if data[..n] != kind.magic[..n] {
        let other = KINDS.iter().find(|k| data.len() >= 8 && data[..8] == k.magic);
        return Err(FormatError(match other {
            Some(k) => format!("a dikduk {}, not a {}", k.name, kind.name),
            None if data.starts_with(FAMILY) => format!("not a dikduk {} (unknown kind)", kind.name),
            None => format!("not a dikduk {}", kind.name),
        }));
    }
    if data.len() < HEADER_LEN {
        return Err(FormatError(format!("{} header truncated at {} of {HEADER_LEN} bytes", kind.name, data.len())));
    }
    let version = u32::from_le_bytes([data[8], data[9], data[10], data[11]]);
    if version != kind.version {
        return Err(FormatError(format!("{} format {version}, this build reads {}", kind.name, kind.version)));
    }
    Ok(&data[HEADER_LEN..])
}

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    /// The bytes written so far.
    pub buf: Vec<u8>,
}

impl Writer {
    /// A writer whose buffer starts with the header of `kind`.
    pub fn with_header(kind: &ModelKind) -> Self {
        Writer { buf: header(kind).to_vec() }
    }

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

    /// Writes a weight table sparsely: the number of non-zero weights, then for each its gap
    /// from the previous one's index (the first's from 0) and its value.
    pub fn sparse_i16(&mut self, table: &[i16]) {
        self.varint(table.iter().filter(|&&v| v != 0).count() as u64);
        let mut last = 0usize;
        for (i, &v) in table.iter().enumerate().filter(|(_, &v)| v != 0) {
            self.varint((i - last) as u64);
            self.signed(v as i64);
            last = i;
        }
    }
}

/// The unsigned LEB128 integer at `data[*at..]`, moving `at` past it; `None` when it is cut off
/// or longer than 64 bits.
#[inline(always)]
fn varint_at(data: &[u8], at: &mut usize) -> Option<u64> {
    let b = *data.get(*at)?;
    *at += 1;
    if b < 0x80 {
        return Some(b as u64);
    }
    let mut v = (b & 0x7f) as u64;
    for shift in [7, 14, 21, 28, 35, 42, 49, 56, 63] {
        let b = *data.get(*at)?;
        *at += 1;
        v |= ((b & 0x7f) as u64) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// The signed integer that [`Writer::signed`] zigzag-encoded as `v`.
#[inline(always)]
fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
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

    /// Checks the header of `kind` at the current position (see [`read_header`]) and moves past it.
    pub fn header(&mut self, kind: &ModelKind) -> Result<(), FormatError> {
        read_header(&self.data[self.pos..], kind)?;
        self.pos += HEADER_LEN;
        Ok(())
    }

    /// Reads an unsigned LEB128 integer.
    pub fn varint(&mut self) -> Result<u64, FormatError> {
        let start = self.pos;
        let v = varint_at(self.data, &mut self.pos);
        match v {
            Some(v) => Ok(v),
            // Ten bytes read, each marked as continued; else the data ended first.
            None if self.pos - start >= 10 => Err(FormatError("varint too long".into())),
            None => Err(FormatError("truncated".into())),
        }
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
        Ok(unzigzag(self.varint()?))
    }

    /// Reads a length-prefixed string.
    pub fn str(&mut self) -> Result<&'a str, FormatError> {
        let n = self.varint()?;
        // The bytes left after the length itself (a bound taken before reading it would let a
        // truncated string through to a slice out of range).
        let left = self.data.len() - self.pos;
        if n > left as u64 {
            return Err(FormatError(format!("string of {n} bytes with {left} left (truncated)")));
        }
        let n = n as usize;
        let bytes = &self.data[self.pos..self.pos + n];
        self.pos += n;
        std::str::from_utf8(bytes).map_err(|_| FormatError("string is not UTF-8".into()))
    }

    /// Reads a weight table of `size` entries written by [`Writer::sparse_i16`]; an index out of
    /// range, out of order or repeated, or a value beyond i16, is an error.
    pub fn sparse_i16(&mut self, size: usize) -> Result<Vec<i16>, FormatError> {
        let mut table = vec![0i16; size];
        let nz = self.len(size)?;
        // Millions of weights at every model load: read straight from the bytes, most varints
        // being one byte.
        let data = &self.data[self.pos..];
        let mut at = 0usize;
        let mut pos = 0usize;
        for k in 0..nz {
            let gap = varint_at(data, &mut at).ok_or_else(|| FormatError("weight table truncated".into()))?;
            if gap > size as u64 || (k > 0 && gap == 0) || pos + gap as usize >= size {
                return Err(FormatError("weight index out of range".into()));
            }
            pos += gap as usize;
            let v = varint_at(data, &mut at).ok_or_else(|| FormatError("weight table truncated".into()))?;
            table[pos] = i16::try_from(unzigzag(v)).map_err(|_| FormatError("weight out of range".into()))?;
        }
        self.pos += at;
        Ok(table)
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
    fn sparse_tables_round_trip_and_reject_damage() {
        let table = [0i16, 7, 0, 0, -32768, 32767, 0, 1];
        let mut w = Writer::default();
        w.sparse_i16(&table);
        assert_eq!(Reader::new(&w.buf).sparse_i16(table.len()).unwrap(), table);
        // Too small a table for the indices, a truncated file, a repeated index, a value past i16.
        assert!(Reader::new(&w.buf).sparse_i16(5).is_err());
        assert!(Reader::new(&w.buf[..w.buf.len() - 1]).sparse_i16(table.len()).is_err());
        let mut bad = Writer::default();
        bad.varint(2);
        bad.varint(1);
        bad.signed(3);
        bad.varint(0);
        bad.signed(4);
        assert!(Reader::new(&bad.buf).sparse_i16(4).is_err());
        let mut big = Writer::default();
        big.varint(1);
        big.varint(0);
        big.signed(40_000);
        assert!(Reader::new(&big.buf).sparse_i16(4).is_err());
        let mut empty = Writer::default();
        empty.sparse_i16(&[0, 0]);
        assert_eq!(Reader::new(&empty.buf).sparse_i16(2).unwrap(), [0, 0]);
    }

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
        // A string cut anywhere, including inside its last byte, is an error, not a panic.
        for n in 0..w.buf.len() {
            let mut r = Reader::new(&w.buf[..n]);
            assert!(r.varint().and_then(|_| r.signed()).and_then(|_| r.str()).is_err(), "{n}");
        }
    }

    #[test]
    fn varints_of_every_length_round_trip_and_truncation_is_an_error() {
        let values = [0u64, 1, 127, 128, 300, 16_383, 16_384, 2_097_151, 2_097_152, 1 << 35, u64::MAX];
        let mut w = Writer::default();
        values.iter().for_each(|&v| w.varint(v));
        let mut r = Reader::new(&w.buf);
        for &v in &values {
            assert_eq!(r.varint().unwrap(), v);
        }
        assert!(r.at_end());
        for &v in &values {
            let mut one = Writer::default();
            one.varint(v);
            for n in 0..one.buf.len() {
                assert!(Reader::new(&one.buf[..n]).varint().is_err(), "{v} cut at {n}");
            }
        }
        // Eleven continuation bytes are too many.
        assert!(Reader::new(&[0x80; 11]).varint().is_err());
        let err = |b: &[u8]| Reader::new(b).varint().unwrap_err().to_string();
        assert_eq!(err(&[0x80; 10]), err(&[0x80; 11]));
        assert!(err(&[0x80; 10]).contains("varint too long"));
        assert!(err(&[0x80; 9]).contains("truncated"));
    }

    #[test]
    fn headers_name_the_kind_and_version() {
        let mut w = Writer::with_header(&MORPH);
        w.varint(7);
        assert_eq!(&w.buf[..8], b"dikdukMO");
        assert_eq!(read_header(&w.buf, &MORPH).unwrap(), &[7]);
        let mut r = Reader::new(&w.buf);
        r.header(&MORPH).unwrap();
        assert_eq!(r.varint().unwrap(), 7);
        assert!(r.at_end());
        let err = |data: &[u8], kind: &ModelKind| read_header(data, kind).unwrap_err().0;
        assert_eq!(err(&w.buf, &NER), "a dikduk morphology model, not a NER model");
        assert_eq!(err(b"garbage and more", &MORPH), "not a dikduk morphology model");
        assert_eq!(err(b"", &LEXICON), "lexicon header truncated at 0 of 12 bytes");
        assert_eq!(err(b"dikd", &LEXICON), "lexicon header truncated at 4 of 12 bytes");
        assert_eq!(err(&w.buf[..10], &MORPH), "morphology model header truncated at 10 of 12 bytes");
        assert_eq!(err(b"dikdukZZ\x01\0\0\0", &MORPH), "not a dikduk morphology model (unknown kind)");
        let mut newer = header(&MORPH);
        newer[8] = 3;
        assert_eq!(err(&newer, &MORPH), "morphology model format 3, this build reads 2");
        // The string-headed files written before these headers.
        assert_eq!(err(b"\x0edikduk-morph/1", &MORPH), "not a dikduk morphology model");
        assert_eq!(err(b"\x0cdikduk-ner-3", &NER), "not a dikduk NER model");
    }
}
