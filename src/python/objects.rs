//! Any `Serialize` value (a [`crate::Document`]) straight into Python objects: what
//! `serde_json::to_string` + `json.loads` would give (dicts, lists, str, int, float, bool, None),
//! built without the JSON text. Struct field names are interned once, and short strings (tags,
//! features, relations, lemmas: most values of a document) are shared within one call, which makes
//! it faster than `json.loads` and the documents smaller in memory.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the cache's keys are short, where it beats the default SipHash several times over.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Strings up to this many bytes are shared: a repeated `"NOUN"` is one Python object.
const SHARED_MAX_BYTES: usize = 24;
/// The shared strings are forgotten when there are this many (a corpus's vocabulary is large).
const SHARED_MAX_COUNT: usize = 1 << 16;

/// Python objects made so far in one conversion, reused.
pub struct Cache<'py> {
    py: Python<'py>,
    /// Field names by address: serde hands out the same `&'static str` for a field every time.
    keys: FastMap<(usize, usize), Bound<'py, PyString>>,
    strings: FastMap<Box<str>, Bound<'py, PyString>>,
}

impl<'py> Cache<'py> {
    /// An empty cache.
    pub fn new(py: Python<'py>) -> Self {
        Cache { py, keys: FastMap::default(), strings: FastMap::default() }
    }

    fn key(&mut self, k: &'static str) -> Bound<'py, PyString> {
        let py = self.py;
        self.keys.entry((k.as_ptr() as usize, k.len())).or_insert_with(|| PyString::intern(py, k)).clone()
    }

    fn string(&mut self, s: &str) -> Bound<'py, PyString> {
        if s.len() > SHARED_MAX_BYTES {
            return PyString::new(self.py, s);
        }
        if let Some(o) = self.strings.get(s) {
            return o.clone();
        }
        let o = PyString::new(self.py, s);
        if self.strings.len() >= SHARED_MAX_COUNT {
            self.strings.clear();
        }
        self.strings.insert(s.into(), o.clone());
        o
    }
}

/// `value` as Python objects, as `json.loads(serde_json::to_string(value))` would make them.
pub fn to_python<'py, T: Serialize + ?Sized>(
    value: &T,
    cache: &mut Cache<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(ToPy { cache }).map_err(|e| e.0)
}

/// A Python error met while building objects.
#[derive(Debug)]
pub struct Error(PyErr);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(pyo3::exceptions::PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e)
    }
}

type Result<T> = std::result::Result<T, Error>;

/// The serializer: one per value, sharing the cache.
struct ToPy<'a, 'py> {
    cache: &'a mut Cache<'py>,
}

/// A list being built.
struct Seq<'a, 'py> {
    cache: &'a mut Cache<'py>,
    items: Vec<Bound<'py, PyAny>>,
}

/// A dict being built (maps and structs); `variant` wraps it as `{variant: dict}`.
struct Map<'a, 'py> {
    cache: &'a mut Cache<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'a, 'py> ToPy<'a, 'py> {
    fn py(&self) -> Python<'py> {
        self.cache.py
    }

    fn int<I: IntoPyObject<'py>>(self, v: I) -> Result<Bound<'py, PyAny>> {
        Ok(v.into_bound_py_any(self.py())?)
    }

    fn map(self, variant: Option<&'static str>) -> Map<'a, 'py> {
        let dict = PyDict::new(self.py());
        Map { cache: self.cache, dict, key: None, variant }
    }

    fn seq(self, len: Option<usize>) -> Seq<'a, 'py> {
        Seq { cache: self.cache, items: Vec::with_capacity(len.unwrap_or(0)) }
    }
}

impl<'a, 'py> ser::Serializer for ToPy<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Map<'a, 'py>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        Ok(PyBool::new(self.py(), v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        // JSON has no NaN or infinity: serde_json writes null, and so does this.
        if v.is_finite() {
            Ok(PyFloat::new(self.py(), v).into_any())
        } else {
            Ok(self.py().None().into_bound(self.py()))
        }
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        Ok(self.cache.string(v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        // As serde_json: a list of numbers.
        let items = v.iter().map(|b| b.into_bound_py_any(self.py())).collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(self.py(), items)?.into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.py().None().into_bound(self.py()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(self.cache.key(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let py = self.py();
        let key = self.cache.key(variant);
        let inner = value.serialize(ToPy { cache: self.cache })?;
        let dict = PyDict::new(py);
        dict.set_item(key, inner)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(self.seq(len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        Ok(self.seq(Some(len)))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeTupleStruct> {
        Ok(self.seq(Some(len)))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(ser::Error::custom("tuple variants are not supported"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(self.map(None))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Ok(self.map(None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Ok(self.map(Some(variant)))
    }
}

impl<'a, 'py> Seq<'a, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let o = value.serialize(ToPy { cache: self.cache })?;
        self.items.push(o);
        Ok(())
    }
    fn finish(self) -> Result<Bound<'py, PyAny>> {
        Ok(PyList::new(self.cache.py, self.items)?.into_any())
    }
}

/// The serde sequence traits of [`Seq`]: each element is pushed, and the end makes the list.
macro_rules! seq_traits {
    ($($tr:ident :: $method:ident),*) => {$(
        impl<'a, 'py> ser::$tr for Seq<'a, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.push(value)
            }
            fn end(self) -> Result<Self::Ok> {
                self.finish()
            }
        }
    )*};
}
seq_traits!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field, SerializeTupleVariant::serialize_field);

impl<'a, 'py> Map<'a, 'py> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let k = self.cache.key(key);
        let v = value.serialize(ToPy { cache: self.cache })?;
        self.dict.set_item(k, v)?;
        Ok(())
    }
    fn finish(self) -> Result<Bound<'py, PyAny>> {
        match self.variant {
            None => Ok(self.dict.into_any()),
            Some(variant) => {
                let outer = PyDict::new(self.cache.py);
                outer.set_item(self.cache.key(variant), self.dict)?;
                Ok(outer.into_any())
            }
        }
    }
}

impl<'a, 'py> ser::SerializeMap for Map<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        // JSON object keys are strings; serde_json writes numbers as their decimal text.
        let k = key.serialize(ToPy { cache: self.cache })?;
        let k = if k.is_instance_of::<PyString>() { k } else { k.str()?.into_any() };
        self.key = Some(k);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let k = self.key.take().ok_or_else(|| <Error as ser::Error>::custom("map value without a key"))?;
        let v = value.serialize(ToPy { cache: self.cache })?;
        self.dict.set_item(k, v)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

/// The serde struct traits of [`Map`]: each field is set under its key, and the end makes the dict.
macro_rules! struct_traits {
    ($($tr:ident),*) => {$(
        impl<'a, 'py> ser::$tr for Map<'a, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
                self.field(key, value)
            }
            fn end(self) -> Result<Self::Ok> {
                self.finish()
            }
        }
    )*};
}
struct_traits!(SerializeStruct, SerializeStructVariant);
