//! Python bindings (feature `python`): the extension module `dikduk._dikduk`, which the `dikduk`
//! package in `python/` wraps (built by maturin from `python/pyproject.toml`).
//!
//! A thin shim over [`crate::api`], like [`crate::wasm`]: options, limits and error messages are
//! decided there. Keyword options arrive as a Python dict, become a JSON object and go through
//! [`api::parse_options`], so every field of [`Options`] is an option here without further code.
//! Documents leave as Python dicts and lists built straight from the [`crate::Document`] by its
//! `Serialize` impl ([`objects`]: the objects `json.loads` would make of the CLI's JSON), or as
//! that JSON text. Measured on the HTB dev text (1.8 MB of JSON), converting a document took
//! 15 ms this way, 32 ms as `serde_json::to_string` + `json.loads` and 28 ms with the `pythonize`
//! crate, and the document held 7 MB of Python memory against 11 MB from `json.loads` (short
//! strings such as tags and features are shared).
//!
//! The GIL is released while text is annotated. Errors are Python exceptions: `TypeError` for a
//! text that is not a `str`, `ValueError` for a bad option or an over-long text, `RuntimeError`
//! if the pipeline ever panicked (caught here, so no panic reaches the interpreter).
//!
//! Strings are read as UTF-8; lone surrogates (which Python strings may hold) become U+FFFD, one
//! UTF-16 code unit like the surrogate, so the document's UTF-16 offsets still index the input.

mod objects;
mod tables;

use crate::api::{self, ApiError};
use crate::pipeline::{self, Options};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value as Json};
use std::borrow::Cow;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex, OnceLock};

/// Why one text got no document.
enum Failure {
    /// The caller's mistake (an over-long text): `ValueError`.
    Invalid(ApiError),
    /// A panic or serialisation failure inside dikduk (a bug): `RuntimeError`.
    Internal(String),
}

impl Failure {
    /// The Python exception, its message prefixed with `context` (e.g. `texts[3]: `).
    fn into_py(self, context: &str) -> PyErr {
        match self {
            Failure::Invalid(e) => PyValueError::new_err(format!("{context}{}", e.message())),
            Failure::Internal(m) => PyRuntimeError::new_err(format!(
                "{context}dikduk failed on this text (a bug, please report it): {m}"
            )),
        }
    }
}

/// The message of a caught panic.
fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

/// What a caller wants of each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Dicts and lists.
    Dicts,
    /// JSON text.
    Json,
    /// Nothing but its rows in the tables.
    Nothing,
}

/// A finished document: the document itself, and its JSON text when asked for.
struct Done {
    doc: crate::Document,
    json: Option<String>,
}

impl Done {
    /// The Python object asked for (`None` for [`Want::Nothing`]).
    fn to_py<'py>(
        &self,
        py: Python<'py>,
        want: Want,
        cache: &mut objects::Cache<'py>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        Ok(match (want, &self.json) {
            (Want::Dicts, _) => Some(objects::to_python(&self.doc, cache)?),
            (Want::Json, Some(json)) => Some(PyString::new(py, json).into_any()),
            _ => None,
        })
    }
}

/// Checks and annotates one text, and writes its JSON when `json`; a panic becomes
/// [`Failure::Internal`].
fn annotate_one(text: &str, options: &Options, json: bool) -> Result<Done, Failure> {
    api::check_input(text).map_err(Failure::Invalid)?;
    let doc = catch_unwind(AssertUnwindSafe(|| pipeline::annotate(text, options)))
        .map_err(|p| Failure::Internal(panic_message(p)))?;
    let json = match json {
        true => Some(serde_json::to_string(&doc).map_err(|e| Failure::Internal(e.to_string()))?),
        false => None,
    };
    Ok(Done { doc, json })
}

/// Adds a document's rows to `tables`; a panic (a bug) becomes a `RuntimeError`.
fn add_rows(tables: &mut tables::Tables, doc: &crate::Document) -> PyResult<()> {
    catch_unwind(AssertUnwindSafe(|| tables.add(doc)))
        .map_err(|p| Failure::Internal(panic_message(p)).into_py("tables: "))
}

/// The Python type name of `v` (`int`, `NoneType`...).
fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type().name().map_or_else(|_| "object".to_string(), |n| n.to_string())
}

/// Reads a Python `str` (`what` names it in the `TypeError`); lone surrogates become U+FFFD.
fn text_of<'a>(v: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Cow<'a, str>> {
    let s = v
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a str, got {}", type_name(v))))?;
    if let Ok(t) = s.to_str() {
        return Ok(Cow::Borrowed(t));
    }
    // Not valid UTF-8: the string holds lone surrogates. Go through UTF-16 and replace them.
    let bytes = s.call_method1("encode", ("utf-16-le", "surrogatepass"))?;
    let bytes = bytes.cast::<PyBytes>()?.as_bytes();
    let units = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]));
    Ok(Cow::Owned(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()))
}

/// Deepest nesting of lists and dicts read in an option value (a list that holds itself must
/// not recurse until the stack overflows).
const MAX_OPTION_DEPTH: usize = 32;

/// A Python option value as JSON (`None`, bool, int, float, str, list, tuple, dict), `depth`
/// levels down in the value of option `key`.
fn json_of(v: &Bound<'_, PyAny>, key: &str, depth: usize) -> PyResult<Json> {
    if depth > MAX_OPTION_DEPTH {
        return Err(PyValueError::new_err(format!(
            "option \"{key}\" is nested more than {MAX_OPTION_DEPTH} levels deep"
        )));
    }
    if v.is_none() {
        Ok(Json::Null)
    } else if let Ok(b) = v.cast::<PyBool>() {
        Ok(Json::Bool(b.is_true()))
    } else if v.is_instance_of::<PyInt>() {
        if let Ok(i) = v.extract::<i64>() {
            Ok(Json::from(i))
        } else if let Ok(u) = v.extract::<u64>() {
            Ok(Json::from(u))
        } else {
            Err(PyValueError::new_err(format!("option \"{key}\": integer out of range")))
        }
    } else if v.is_instance_of::<PyFloat>() {
        Number::from_f64(v.extract::<f64>()?)
            .map(Json::Number)
            .ok_or_else(|| PyValueError::new_err(format!("option \"{key}\" must be a finite number")))
    } else if let Ok(s) = v.cast::<PyString>() {
        Ok(Json::String(text_of(s.as_any(), key)?.into_owned()))
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        v.try_iter()?
            .map(|item| json_of(&item?, key, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(Json::Array)
    } else if let Ok(d) = v.cast::<PyDict>() {
        Ok(Json::Object(object_of(d, depth + 1)?))
    } else {
        Err(PyTypeError::new_err(format!(
            "option \"{key}\" cannot be a {}: give a bool, int, float, str, list, dict or None",
            type_name(v)
        )))
    }
}

/// A dict with `str` keys as a JSON object, `depth` levels down in an option value.
fn object_of(d: &Bound<'_, PyDict>, depth: usize) -> PyResult<Map<String, Json>> {
    let mut m = Map::new();
    for (k, v) in d.iter() {
        let key = text_of(&k, "an option name")?.into_owned();
        let value = json_of(&v, &key, depth)?;
        m.insert(key, value);
    }
    Ok(m)
}

/// Keyword options (a dict, or `None` for the defaults) as [`Options`], via [`api::parse_options`].
fn options_of(options: Option<&Bound<'_, PyDict>>) -> PyResult<Options> {
    let json = match options {
        None => Json::Null,
        Some(d) => Json::Object(object_of(d, 0)?),
    };
    api::parse_options(&json).map_err(|e| PyValueError::new_err(e.message().to_string()))
}

/// Annotates `text` and returns the `dikduk/1` document as dicts and lists, or as JSON text when
/// `json` is true. The GIL is released while the text is annotated.
#[pyfunction]
#[pyo3(signature = (text, options=None, json=false))]
fn annotate<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
    json: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let options = options_of(options)?;
    let text = text_of(text, "text")?;
    let text: &str = &text;
    let want = if json { Want::Json } else { Want::Dicts };
    let done = py.detach(|| annotate_one(text, &options, json)).map_err(|f| f.into_py(""))?;
    Ok(done.to_py(py, want, &mut objects::Cache::new(py))?.unwrap_or_else(|| py.None().into_bound(py)))
}

/// Thread pools of a given size, made once and kept (rayon's global pool serves `threads=None`).
fn pool(threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = pools.get(&threads) {
        return Ok(p.clone());
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("dikduk-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start {threads} threads: {e}")))?;
    let p = Arc::new(p);
    pools.insert(threads, p.clone());
    Ok(p)
}

/// Texts in flight in [`annotate_many`] at most, per thread, and their bytes at most, per thread:
/// enough queued work that no thread waits while the caller's thread converts documents, and a
/// bound on memory whatever the length of the input.
const IN_FLIGHT_TEXTS: usize = 32;
const IN_FLIGHT_BYTES: usize = 2 << 20;

/// Annotates every text of an iterable on a thread pool (`threads`, default rayon's global pool:
/// all cores; with 1, on this thread), the GIL released while they run. Returns `(documents, tables)`: the documents in
/// input order as `docs` asks (`"dicts"`, `"json"`, or `None` for no list), and with `tables` the
/// rows of every document in the buffers of [`tables::Tables::into_py`] (else `None`). Texts are
/// read lazily and documents converted on this thread as they arrive, so converting one overlaps
/// annotating the next ones.
#[pyfunction]
#[pyo3(signature = (texts, options=None, threads=None, docs=Some("dicts"), tables=false))]
fn annotate_many<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
    threads: Option<usize>,
    docs: Option<&str>,
    tables: bool,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let want = match docs {
        Some("dicts") => Want::Dicts,
        Some("json") => Want::Json,
        None => Want::Nothing,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "docs must be \"dicts\", \"json\" or None, got {other:?}"
            )))
        }
    };
    let json = want == Want::Json;
    let mut rows = tables.then(tables::Tables::default);
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, got a single str (use annotate for one text)",
        ));
    }
    let options = Arc::new(options_of(options)?);
    // threads=1 annotates on this thread (the GIL released around each text): one core, no pool.
    let inline = threads == Some(1);
    let pool = match threads {
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1, or None for all cores")),
        Some(1) | None => None,
        Some(n) => Some(pool(n)?),
    };
    let width = threads.unwrap_or_else(rayon::current_num_threads).max(1);
    let (max_texts, max_bytes) = (IN_FLIGHT_TEXTS * width, IN_FLIGHT_BYTES * width);

    type Message = (usize, usize, Result<Done, Failure>);
    let mut cache = objects::Cache::new(py);
    let (tx, mut rx) = mpsc::channel::<Message>();
    // Documents arrive in any order; rows go into the tables in input order, so a finished
    // document waits here until those before it have been added.
    let mut waiting: std::collections::BTreeMap<usize, crate::Document> = Default::default();
    let mut next_row = 0usize;
    let mut out: Vec<Option<Bound<'py, PyAny>>> = Vec::new();
    let mut items = texts.try_iter().map_err(|_| {
        PyTypeError::new_err(format!("texts must be an iterable of str, got {}", type_name(texts)))
    })?;
    let (mut exhausted, mut in_flight, mut in_flight_bytes) = (false, 0usize, 0usize);
    loop {
        while !exhausted && in_flight < max_texts && in_flight_bytes < max_bytes {
            let Some(item) = items.next() else {
                exhausted = true;
                break;
            };
            let i = out.len();
            let item = item?;
            let text = text_of(&item, &format!("texts[{i}]"))?.into_owned();
            out.push(None);
            let (tx, options, len) = (tx.clone(), options.clone(), text.len());
            let job = move || {
                let r = annotate_one(&text, &options, json);
                // The receiver is gone only when the call already failed; nothing to report then.
                let _ = tx.send((i, len, r));
            };
            match &pool {
                _ if inline => py.detach(job),
                Some(p) => p.spawn(job),
                None => rayon::spawn(job),
            }
            in_flight += 1;
            in_flight_bytes += len;
        }
        if in_flight == 0 {
            break;
        }
        // Receiver is not Sync: it travels into the GIL-free wait and back.
        let (back, first) = py.detach(move || {
            let r = rx.recv();
            (rx, r)
        });
        rx = back;
        let Ok(first) = first else {
            return Err(PyRuntimeError::new_err("dikduk: a worker thread stopped"));
        };
        // Ctrl-C (KeyboardInterrupt) stops the call between documents.
        py.check_signals()?;
        let mut next = Some(first);
        while let Some((i, len, result)) = next {
            in_flight -= 1;
            in_flight_bytes -= len;
            let done = result.map_err(|f| f.into_py(&format!("texts[{i}]: ")))?;
            out[i] = done.to_py(py, want, &mut cache)?;
            if let Some(rows) = &mut rows {
                waiting.insert(i, done.doc);
                while let Some(doc) = waiting.remove(&next_row) {
                    add_rows(rows, &doc)?;
                    next_row += 1;
                }
            }
            next = rx.try_recv().ok();
        }
    }
    // Every slot was filled: each text sent exactly one result, and in_flight is 0.
    let list = match want {
        Want::Nothing => py.None().into_bound(py),
        _ => PyList::new(py, out.into_iter().map(|o| o.unwrap_or_else(|| py.None().into_bound(py))))?
            .into_any(),
    };
    let rows = match rows {
        Some(rows) => rows.into_py(py)?.into_any(),
        None => py.None().into_bound(py),
    };
    Ok((list, rows))
}

/// The table rows (see [`tables::Tables::into_py`]) of documents given as JSON text.
#[pyfunction]
fn tables_of_json<'py>(py: Python<'py>, docs: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let mut rows = tables::Tables::default();
    for (i, doc) in docs.try_iter()?.enumerate() {
        let doc = doc?;
        let json = text_of(&doc, &format!("docs[{i}]"))?;
        let doc: crate::Document = serde_json::from_str(&json)
            .map_err(|e| PyValueError::new_err(format!("docs[{i}]: not a dikduk/1 document: {e}")))?;
        add_rows(&mut rows, &doc)?;
    }
    rows.into_py(py)
}

/// `{table: [(column, kind), ...]}`: the tables' columns after `doc`, kinds as in
/// [`tables::Kind::name`].
#[pyfunction]
fn table_columns() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    tables::TABLES.iter().map(|(t, cols)| (*t, cols.iter().map(|(c, k)| (*c, k.name())).collect())).collect()
}

/// Writes a `dikduk/1` document given as JSON text as CoNLL-U, the way the CLI's `--format
/// conllu` does; `name` prefixes the sentence ids (`# sent_id = name-1`).
#[pyfunction]
#[pyo3(signature = (doc_json, name="dikduk"))]
fn to_conllu(doc_json: &str, name: &str) -> PyResult<String> {
    let doc: crate::Document = serde_json::from_str(doc_json)
        .map_err(|e| PyValueError::new_err(format!("not a dikduk/1 document: {e}")))?;
    catch_unwind(AssertUnwindSafe(|| crate::conllu::write_document(&doc, name))).map_err(|p| {
        PyValueError::new_err(format!(
            "not a consistent dikduk/1 document (its indices and offsets must be as annotate makes them): {}",
            panic_message(p)
        ))
    })
}

/// The dikduk version that built this module (e.g. `0.1.0`).
#[pyfunction]
fn version() -> &'static str {
    crate::VERSION
}

/// Names of the options `annotate` accepts as keyword arguments, in declaration order.
#[pyfunction]
fn option_names() -> Vec<String> {
    api::option_names()
}

/// The module's Rust allocations go through mimalloc, as the CLI's do (about a fifth faster than
/// the system allocator here; Python's own objects are unaffected).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The extension module `dikduk._dikduk`.
#[pymodule]
fn _dikduk(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(annotate, m)?)?;
    m.add_function(wrap_pyfunction!(annotate_many, m)?)?;
    m.add_function(wrap_pyfunction!(tables_of_json, m)?)?;
    m.add_function(wrap_pyfunction!(table_columns, m)?)?;
    m.add_function(wrap_pyfunction!(to_conllu, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(option_names, m)?)?;
    m.add("MAX_INPUT_UTF16", api::MAX_INPUT_UTF16)?;
    m.add("SCHEMA", crate::SCHEMA)?;
    Ok(())
}
