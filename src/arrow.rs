//! Arrow interchange (feature `arrow`): [`DynArray`] ⇄ [`RecordBatch`] the way BentoML's
//! `to_arrow` / `from_arrow` do it, and Arrow IPC *stream* bytes in and out, so a batch can
//! cross a process boundary (a Spark `mapInArrow` worker, a DataFusion query, pyarrow).
//!
//! - [`to_record_batch`] (`NumpyNdarray::to_arrow`): BentoML's
//!   `pyarrow.RecordBatch.from_arrays([pyarrow.array(arr)], names=["output"])`: one nullable
//!   column named `output`; NaN stays a value (no nulls are written); unicode becomes `Utf8`,
//!   each string cut at its first NUL character as pyarrow does. Two extensions answer where
//!   the reference fails: an array of 2 or more dimensions goes out as a `FixedSizeList`
//!   column tagged with Arrow's canonical `arrow.fixed_shape_tensor` extension type (one row
//!   per first-axis entry; the inner dimensions in the extension metadata), and a big-endian
//!   array goes out with the same values in Arrow's little-endian layout.
//! - [`from_record_batch`] (`NumpyNdarray::from_arrow`): BentoML's
//!   `batch.to_pandas().to_numpy()`: every column, rows × columns, always 2-D, with the dtype
//!   pandas and numpy pick (see [`from_record_batch`]). Results pandas can only give as Python
//!   objects are bad input, except all-string ones, which become a `str` array. A
//!   `arrow.fixed_shape_tensor` column (what [`to_record_batch`] writes for N-d arrays) reads
//!   back to the N-d array.
//! - [`to_ipc_stream`] / [`from_ipc_stream`] / [`ipc_stream_batches`]: the Arrow IPC streaming
//!   format (schema message, record batches, end-of-stream marker), readable by pyarrow's
//!   `pa.ipc.open_stream` and Spark's Arrow readers.
//!
//! ```
//! use ndarray::{ArrayD, IxDyn};
//! use ndarray_descriptor::{DynArray, NumpyNdarray, arrow};
//! let desc = NumpyNdarray::new();
//! let arr = DynArray::from(ArrayD::from_shape_vec(IxDyn(&[3]), vec![1.5f32, f32::NAN, -2.0])?);
//! let batch = desc.to_arrow(&arr)?;
//! assert_eq!(batch.schema().field(0).name(), "output");
//! let bytes = arrow::to_ipc_stream(&batch)?;
//! let back = desc.from_arrow(&arrow::from_ipc_stream(&bytes)?)?;
//! assert_eq!(back.shape(), &[3, 1]); // to_pandas().to_numpy() is always 2-D
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```
//!
//! # Batch inference from Spark
//!
//! A Spark job ships partitions to a Rust model with `mapInArrow`: each batch posted to an
//! `http::Service` API (feature `axum`) as an IPC stream ([`MEDIA_TYPE`]), read by
//! [`decode_stream`] → `validate` → model → `to_arrow` → [`to_ipc_stream`]; the output schema
//! is [`NumpyNdarray::spark_schema`]'s JSON, which the service serves at
//! `GET /spark_schema/<api>` (`StructType.fromJson(json.loads(text))`). The answer's column is
//! `output` and the schema's field `out` (both BentoML's names): the job renames the column.
//! `scripts/spark/job.py` is such a job, run in CI on a `local[2]` Spark:
//!
//! ```text
//! def predict(batches):                      # Iterator[pa.RecordBatch] -> Iterator[pa.RecordBatch]
//!     for batch in batches:
//!         sink = pa.BufferOutputStream()
//!         with pa.ipc.new_stream(sink, batch.schema) as w:
//!             w.write_batch(batch)
//!         answer = post(URL, sink.getvalue().to_pybytes())  # Content-Type and Accept: MEDIA_TYPE
//!         out = pa.ipc.open_stream(answer).read_all().column("output").combine_chunks()
//!         yield pa.RecordBatch.from_arrays([out], names=["out"])
//! df.select("f0", "f1", "f2", "f3").mapInArrow(predict, schema)   # schema from /spark_schema/<api>
//! ```
//!
//! In process (DataFusion and other arrow-rs users of the same major version) the batches need
//! no bytes: `from_arrow` and `to_arrow` take and give [`RecordBatch`]es.
//!
//! [`NumpyNdarray::spark_schema`]: crate::NumpyNdarray::spark_schema

use std::collections::HashMap;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

pub use arrow_array::RecordBatch;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowPrimitiveType, Float16Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type,
    Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, FixedSizeListArray, Float16Array, Float32Array, Float64Array,
    Int8Array, Int16Array, Int32Array, Int64Array, LargeStringArray, PrimitiveArray, StringArray,
    UInt8Array, UInt16Array, UInt32Array, UInt64Array,
};
use arrow_ipc::reader::StreamReader;
use arrow_ipc::writer::StreamWriter;
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use half::f16;
use ndarray::{ArrayD, Axis, IxDyn};

use crate::array::dispatch;
use crate::array::{ArrayData, DynArray};
use crate::dtype::{DType, ScalarType};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::strings::{StrArray, StrBuilder};

/// `application/vnd.apache.arrow.stream`: the IANA media type of the Arrow IPC streaming
/// format, the HTTP transport [`decode_stream`] reads and [`to_ipc_stream`] writes (an addition:
/// BentoML has no Arrow transport over HTTP).
pub const MEDIA_TYPE: &str = "application/vnd.apache.arrow.stream";

/// The name of the one column [`to_record_batch`] writes (BentoML's `names=["output"]`).
pub const COLUMN_NAME: &str = "output";

/// Arrow's canonical extension name for fixed-shape tensors, which tags the `FixedSizeList`
/// column of an N-d array.
pub const TENSOR_EXTENSION_NAME: &str = "arrow.fixed_shape_tensor";

/// The field metadata key naming an Arrow extension type.
const EXTENSION_NAME_KEY: &str = "ARROW:extension:name";
/// The field metadata key holding an Arrow extension type's parameters.
const EXTENSION_METADATA_KEY: &str = "ARROW:extension:metadata";

/// `arr` as a record batch with one nullable column named `output`, typed as pyarrow types a
/// numpy array: `bool` → `Boolean`, `int8`…`uint64` → `Int8`…`UInt64`, `float16/32/64` →
/// `Float16/32/64`, unicode → `Utf8` (`LargeUtf8` beyond 2 GiB of text) with every string cut
/// at its first NUL character (pyarrow reads numpy's UCS-4 buffers as C strings). NaN is a
/// value, not a null; the column has no nulls.
///
/// Beyond the reference (README rule 6): an array of 2 or more dimensions becomes a
/// `FixedSizeList` column of `shape[0]` rows, each holding one C-order sub-array, with the
/// field tagged `arrow.fixed_shape_tensor` and `{"shape":[...inner dims]}` as its extension
/// metadata, which [`from_record_batch`] (and pyarrow, as a `FixedShapeTensorArray`) reads
/// back; a big-endian array gives the same values, stored little-endian as Arrow requires.
///
/// ```
/// use ndarray::{ArrayD, IxDyn};
/// use ndarray_descriptor::{DynArray, arrow};
/// let img = DynArray::from(ArrayD::<u8>::zeros(IxDyn(&[4, 2, 3])));
/// let batch = arrow::to_record_batch(&img)?;
/// assert_eq!(batch.num_rows(), 4);
/// assert_eq!(arrow::from_record_batch(&batch)?.shape(), &[4, 2, 3]);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for a 0-d array (pyarrow's `only
/// handle 1-dimensional arrays`) and for an N-d array whose inner size does not fit Arrow's
/// 32-bit list size.
pub fn to_record_batch(arr: &DynArray) -> Result<RecordBatch> {
    let shape = arr.shape();
    let (column, field) = match shape.len() {
        0 => return Err(Error::bad_input("only handle 1-dimensional arrays")),
        1 => {
            let column = flat_column(arr.data());
            let field = Field::new(COLUMN_NAME, column.data_type().clone(), true);
            (column, field)
        }
        _ => tensor_column(arr)?,
    };
    let schema = Arc::new(Schema::new(vec![field]));
    RecordBatch::try_new(schema, vec![column]).map_err(|e| arrow_error("to_arrow", e))
}

/// The elements of `data` in C order as one Arrow array.
fn flat_column(data: &ArrayData) -> ArrayRef {
    fn flat<T: Clone>(a: &ArrayD<T>) -> Vec<T> {
        match a.as_slice() {
            Some(s) => s.to_vec(),
            None => a.iter().cloned().collect(),
        }
    }
    match data {
        ArrayData::Bool(a) => Arc::new(BooleanArray::from(flat(a))),
        ArrayData::Int8(a) => Arc::new(Int8Array::from(flat(a))),
        ArrayData::Int16(a) => Arc::new(Int16Array::from(flat(a))),
        ArrayData::Int32(a) => Arc::new(Int32Array::from(flat(a))),
        ArrayData::Int64(a) => Arc::new(Int64Array::from(flat(a))),
        ArrayData::UInt8(a) => Arc::new(UInt8Array::from(flat(a))),
        ArrayData::UInt16(a) => Arc::new(UInt16Array::from(flat(a))),
        ArrayData::UInt32(a) => Arc::new(UInt32Array::from(flat(a))),
        ArrayData::UInt64(a) => Arc::new(UInt64Array::from(flat(a))),
        ArrayData::Float16(a) => Arc::new(Float16Array::from(flat(a))),
        ArrayData::Float32(a) => Arc::new(Float32Array::from(flat(a))),
        ArrayData::Float64(a) => Arc::new(Float64Array::from(flat(a))),
        ArrayData::Str(a) => string_column(a),
    }
}

/// pyarrow converts a numpy unicode array element by element as a NUL-terminated string, so
/// `"a\0b"` arrives as `"a"` (WIRE.md §5.10).
///
/// Without NULs (the common case) the column is the array's own buffer and offsets: one copy of
/// the text, the offsets narrowed to `i32` (or `i64` beyond 2 GiB of text).
fn string_column(a: &StrArray) -> ArrayRef {
    if !a.values().as_bytes().contains(&0) {
        let values = arrow_buffer::Buffer::from(a.values().as_bytes());
        if let Ok(offsets) = a
            .offsets()
            .iter()
            .map(|&o| i32::try_from(o))
            .collect::<std::result::Result<Vec<i32>, _>>()
        {
            let offsets = arrow_buffer::OffsetBuffer::new(offsets.into());
            if let Ok(col) = StringArray::try_new(offsets, values.clone(), None) {
                return Arc::new(col);
            }
        }
        let offsets: Vec<i64> = a.offsets().iter().map(|&o| o as i64).collect();
        let offsets = arrow_buffer::OffsetBuffer::new(offsets.into());
        if let Ok(col) = LargeStringArray::try_new(offsets, values, None) {
            return Arc::new(col);
        }
    }
    fn cut(s: &str) -> &str {
        match s.find('\0') {
            Some(i) => &s[..i],
            None => s,
        }
    }
    let total: usize = a.iter().map(|s| cut(s).len()).sum();
    // Utf8 offsets are i32; more text than that needs 64-bit offsets.
    if i32::try_from(total).is_ok() {
        Arc::new(StringArray::from_iter_values(a.iter().map(cut)))
    } else {
        Arc::new(LargeStringArray::from_iter_values(a.iter().map(cut)))
    }
}

/// The `FixedSizeList` column of an N-d array, tagged as a canonical fixed-shape tensor.
fn tensor_column(arr: &DynArray) -> Result<(ArrayRef, Field)> {
    let shape = arr.shape();
    let rows = shape[0];
    let inner = &shape[1..];
    let size = inner
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .and_then(|s| i32::try_from(s).ok())
        .ok_or_else(|| {
            Error::bad_input(format!(
                "to_arrow: an array of shape {} has rows too large for an Arrow FixedSizeList",
                crate::shape::format_tuple(shape.iter().map(|&d| d as i64))
            ))
        })?;
    let values = flat_column(arr.data());
    let item = Arc::new(Field::new_list_field(values.data_type().clone(), true));
    // `try_new_with_length` keeps the row count when the rows are empty (size 0).
    let list = FixedSizeListArray::try_new_with_length(item, size, values, None, rows)
        .map_err(|e| arrow_error("to_arrow", e))?;
    let dims: Vec<String> = inner.iter().map(usize::to_string).collect();
    let metadata = HashMap::from([
        (
            EXTENSION_NAME_KEY.to_string(),
            TENSOR_EXTENSION_NAME.to_string(),
        ),
        (
            EXTENSION_METADATA_KEY.to_string(),
            format!("{{\"shape\":[{}]}}", dims.join(",")),
        ),
    ]);
    let field = Field::new(COLUMN_NAME, list.data_type().clone(), true).with_metadata(metadata);
    Ok((Arc::new(list), field))
}

/// `batch.to_pandas().to_numpy()`, as BentoML's `from_arrow` returns it.
///
/// - The result is 2-D: rows × columns, row-major (one column of `n` rows gives shape
///   `(n, 1)`); a batch without columns gives a `(num_rows, 0)` float64 array.
/// - Each column first becomes what pandas makes of it: integers stay integers, but an integer
///   column with nulls becomes float64 with NaN; float columns keep their width and nulls
///   become NaN (float16 included); bool stays bool; strings, bools with nulls and null-type
///   columns become Python objects.
/// - The columns then share one dtype: numpy's promotion of theirs (`uint8`+`int8` → `int16`,
///   `uint64`+`int64` → `float64`, `int16`+`float16` → `float32`, `int32`+`float32` →
///   `float64`), except that bool next to a number, or any object column, makes the whole
///   array objects.
/// - An object result is bad input (this crate carries no object dtype), unless every element
///   is a string: then it is a `str` array as wide as the longest string (README rule 3).
/// - One `arrow.fixed_shape_tensor` column (see [`to_record_batch`]) reads back as the N-d
///   array it came from: `(num_rows, *shape)`.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{Float32Array, Int16Array, RecordBatch};
/// use ndarray_descriptor::{DType, arrow};
/// let batch = RecordBatch::try_from_iter([
///     ("a", Arc::new(Int16Array::from(vec![1, 2])) as _),
///     ("b", Arc::new(Float32Array::from(vec![0.5, 1.5])) as _),
/// ]).unwrap();
/// let arr = arrow::from_record_batch(&batch)?;
/// assert_eq!((arr.dtype(), arr.shape()), (DType::FLOAT32, &[2, 2][..]));
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for an object result (see above), a
/// column type with no numpy dtype this crate carries (dates, decimals, binary, lists other
/// than a fixed-shape tensor, structs, dictionaries, ...), and a malformed tensor column.
pub fn from_record_batch(batch: &RecordBatch) -> Result<DynArray> {
    let schema = batch.schema();
    let rows = batch.num_rows();
    if batch.num_columns() == 0 {
        // pandas: an empty frame with a RangeIndex of num_rows rows; to_numpy() is float64.
        let empty = ArrayD::<f64>::from_shape_vec(IxDyn(&[rows, 0]), Vec::new())
            .map_err(|e| Error::bad_input(format!("from_arrow: {e}")))?;
        return Ok(DynArray::from(empty));
    }
    if batch.num_columns() == 1 && is_tensor(schema.field(0)) {
        return tensor_from(schema.field(0), batch.column(0));
    }
    let columns = schema
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(f, c)| pandas_column(f.name(), c.as_ref()))
        .collect::<Result<Vec<_>>>()?;
    match common_dtype(&columns) {
        Common::Dtype(dtype) => stack_numbers(&columns, dtype),
        Common::Object(why) => stack_strings(&columns, rows).ok_or_else(|| {
            Error::bad_input(format!(
                "from_arrow: pandas makes this batch an object array ({why}); only an all-string \
                 object array has a dtype here"
            ))
        }),
    }
}

/// What `to_pandas()` makes of one column.
enum PandasColumn {
    /// A numpy array (1-D).
    Numbers(DynArray),
    /// An object column of Python `str`s only (1-D).
    Strings(StrArray),
    /// An object column holding `None` (nulls of bool/string columns, the null type).
    Objects(String),
}

fn pandas_column(name: &str, col: &dyn Array) -> Result<PandasColumn> {
    macro_rules! ints {
        ($t:ty) => {
            int_column(primitive::<$t>(col)?)?
        };
    }
    Ok(match col.data_type() {
        DataType::Int8 => ints!(Int8Type),
        DataType::Int16 => ints!(Int16Type),
        DataType::Int32 => ints!(Int32Type),
        DataType::Int64 => ints!(Int64Type),
        DataType::UInt8 => ints!(UInt8Type),
        DataType::UInt16 => ints!(UInt16Type),
        DataType::UInt32 => ints!(UInt32Type),
        DataType::UInt64 => ints!(UInt64Type),
        DataType::Float16 => float_column(primitive::<Float16Type>(col)?, f16::NAN)?,
        DataType::Float32 => float_column(primitive::<Float32Type>(col)?, f32::NAN)?,
        DataType::Float64 => float_column(primitive::<Float64Type>(col)?, f64::NAN)?,
        DataType::Boolean => {
            let b = col
                .as_boolean_opt()
                .ok_or_else(|| downcast_failed(col.data_type()))?;
            if b.null_count() > 0 {
                PandasColumn::Objects(format!("bool column {name:?} has nulls"))
            } else {
                PandasColumn::Numbers(one_d(b.values().iter().collect())?)
            }
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View if col.null_count() > 0 => {
            PandasColumn::Objects(format!("string column {name:?} has nulls"))
        }
        DataType::Utf8 => PandasColumn::Strings(strings(col.as_string_opt::<i32>(), col)?),
        DataType::LargeUtf8 => PandasColumn::Strings(strings(col.as_string_opt::<i64>(), col)?),
        DataType::Utf8View => {
            let v = col
                .as_string_view_opt()
                .ok_or_else(|| downcast_failed(col.data_type()))?;
            PandasColumn::Strings(v.iter().map(|s| s.unwrap_or("")).collect())
        }
        DataType::Null => PandasColumn::Objects(format!("column {name:?} has the null type")),
        other => {
            return Err(Error::bad_input(format!(
                "from_arrow: column {name:?} has Arrow type {other}, which has no numpy dtype \
                 this crate carries"
            )));
        }
    })
}

/// A string column (without nulls) as a 1-D [`StrArray`]: its offsets, rebased to the first,
/// and one copy of the text they span.
fn strings<O: arrow_array::OffsetSizeTrait>(
    a: Option<&arrow_array::GenericStringArray<O>>,
    col: &dyn Array,
) -> Result<StrArray> {
    let a = a.ok_or_else(|| downcast_failed(col.data_type()))?;
    let offsets = a.value_offsets();
    let (first, last) = match (offsets.first(), offsets.last()) {
        (Some(f), Some(l)) => (f.as_usize(), l.as_usize()),
        _ => return Ok(StrArray::default()),
    };
    // Arrow validated the offsets and the UTF-8 when the array was built (IPC reading
    // included), so the text between the first and the last offset is a `str`.
    let text = a
        .value_data()
        .get(first..last)
        .and_then(|t| std::str::from_utf8(t).ok())
        .ok_or_else(|| {
            Error::bad_input("from_arrow: a string column's offsets or text are invalid")
        })?;
    let mut b = StrBuilder::with_capacity(a.len(), text.len());
    b.values.push_str(text);
    b.offsets
        .extend(offsets[1..].iter().map(|o| o.as_usize() - first));
    Ok(b.finish_1d())
}

fn primitive<T: ArrowPrimitiveType>(col: &dyn Array) -> Result<&PrimitiveArray<T>> {
    col.as_primitive_opt::<T>()
        .ok_or_else(|| downcast_failed(col.data_type()))
}

#[cold]
fn downcast_failed(dt: &DataType) -> Error {
    Error::internal(format!(
        "from_arrow: an array of type {dt} did not downcast"
    ))
}

fn one_d<T: Element>(v: Vec<T>) -> Result<DynArray> {
    let n = v.len();
    ArrayD::from_shape_vec(IxDyn(&[n]), v)
        .map(DynArray::from)
        .map_err(|e| Error::internal(format!("from_arrow: {e}")))
}

/// An integer as float64, for integer columns with nulls.
trait ToF64 {
    fn to_f64(self) -> f64;
}

macro_rules! to_f64 {
    ($($t:ty),*) => {$(
        impl ToF64 for $t {
            // numpy's (and pyarrow's) int → float64 conversion rounds to nearest, like `as`.
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
to_f64!(i8, i16, i32, i64, u8, u16, u32, u64);

/// pandas keeps an integer column's dtype, but nulls force float64 with NaN.
fn int_column<T>(a: &PrimitiveArray<T>) -> Result<PandasColumn>
where
    T: ArrowPrimitiveType,
    T::Native: Element + ToF64,
{
    let arr = if a.null_count() == 0 {
        one_d(a.values().to_vec())?
    } else {
        one_d(
            a.iter()
                .map(|v| v.map_or(f64::NAN, ToF64::to_f64))
                .collect(),
        )?
    };
    Ok(PandasColumn::Numbers(arr))
}

/// A float column keeps its width (float16 too); nulls become NaN.
fn float_column<T>(a: &PrimitiveArray<T>, nan: T::Native) -> Result<PandasColumn>
where
    T: ArrowPrimitiveType,
    T::Native: Element,
{
    let arr = if a.null_count() == 0 {
        one_d(a.values().to_vec())?
    } else {
        one_d(a.iter().map(|v| v.unwrap_or(nan)).collect())?
    };
    Ok(PandasColumn::Numbers(arr))
}

/// The dtype `DataFrame.to_numpy()` gives the columns together.
enum Common {
    Dtype(DType),
    /// An object array, and why.
    Object(String),
}

/// pandas' `find_common_type` over the columns' dtypes (in column order, each once): any
/// object column, or bool next to a number, gives object; otherwise `np.result_type`.
fn common_dtype(columns: &[PandasColumn]) -> Common {
    let mut dtypes: Vec<DType> = Vec::new();
    for c in columns {
        match c {
            PandasColumn::Numbers(a) => {
                if !dtypes.contains(&a.dtype()) {
                    dtypes.push(a.dtype());
                }
            }
            PandasColumn::Strings(_) => return Common::Object("string columns".into()),
            PandasColumn::Objects(why) => return Common::Object(why.clone()),
        }
    }
    let has_bool = dtypes.iter().any(|d| d.scalar() == ScalarType::Bool);
    if has_bool && dtypes.len() > 1 {
        return Common::Object("a bool column next to a numeric column".into());
    }
    match result_type(&dtypes) {
        Some(d) => Common::Dtype(d),
        None => Common::Object("the column dtypes have no common numpy dtype".into()),
    }
}

/// numpy's type number for the dtypes a column can have (x86-64 Linux: int64 is `long`).
/// `common_dtype_oneway` lets the larger number decide, which is how numpy orders its
/// promotion (float16, a late addition, has the largest).
fn type_num(s: ScalarType) -> u8 {
    match s {
        ScalarType::Bool => 0,
        ScalarType::Int8 => 1,
        ScalarType::UInt8 => 2,
        ScalarType::Int16 => 3,
        ScalarType::UInt16 => 4,
        ScalarType::Int32 => 5,
        ScalarType::UInt32 => 6,
        ScalarType::Int64 => 7,
        ScalarType::UInt64 => 8,
        ScalarType::Float32 => 11,
        ScalarType::Float64 => 12,
        ScalarType::Float16 => 23,
        ScalarType::Str => 19,
    }
}

/// `np.promote_types` for two numeric scalar types (symmetric).
fn promote_types(a: ScalarType, b: ScalarType) -> Option<ScalarType> {
    use ScalarType::*;
    fn signed(bytes: usize) -> Option<ScalarType> {
        Some(match bytes {
            1 => Int8,
            2 => Int16,
            4 => Int32,
            8 => Int64,
            _ => return None,
        })
    }
    fn float(bytes: usize) -> Option<ScalarType> {
        Some(match bytes {
            2 => Float16,
            4 => Float32,
            8 => Float64,
            _ => return None,
        })
    }
    let is_uint = |s: ScalarType| matches!(s, UInt8 | UInt16 | UInt32 | UInt64);
    if a == b {
        return Some(a);
    }
    if a == Bool || a == Str || b == Bool || b == Str {
        return None;
    }
    let (sa, sb) = (a.size(), b.size());
    match (a.is_float(), b.is_float()) {
        (true, true) => float(sa.max(sb)),
        (true, false) | (false, true) => {
            let (f, i) = if a.is_float() { (sa, sb) } else { (sb, sa) };
            // The smallest float holding every value of the integer: 1 byte → float16,
            // 2 → float32, 4 or 8 → float64.
            let need = match i {
                1 => 2,
                2 => 4,
                _ => 8,
            };
            float(f.max(need))
        }
        (false, false) => match (is_uint(a), is_uint(b)) {
            (true, true) | (false, false) => {
                if sa >= sb {
                    Some(a)
                } else {
                    Some(b)
                }
            }
            _ => {
                let (u, i) = if is_uint(a) { (sa, sb) } else { (sb, sa) };
                if i > u {
                    signed(i)
                } else if u < 8 {
                    signed(u * 2)
                } else {
                    Some(Float64)
                }
            }
        },
    }
}

/// numpy's `__common_dtype__` of builtin dtypes: `None` (NotImplemented) when `b` has the
/// larger type number, so that the more generic one decides.
fn common_dtype_oneway(a: ScalarType, b: ScalarType) -> Option<ScalarType> {
    if type_num(b) > type_num(a) {
        None
    } else {
        promote_types(a, b)
    }
}

/// `np.result_type(*dtypes)` for native numeric dtypes: numpy 2's
/// `PyArray_PromoteDTypeSequence`, which is not a left fold of `promote_types`:
/// `result_type(int8, uint8, float16)` is float16 whereas `promote_types(promote_types(int8,
/// uint8), float16)` is float32. It reduces pairs from both ends to find the main dtype, then
/// promotes every remaining dtype with the main one.
fn result_type(dtypes: &[DType]) -> Option<DType> {
    let mut v: Vec<ScalarType> = dtypes.iter().map(|d| d.scalar()).collect();
    let n = v.len();
    let first = *v.first()?;
    if n == 1 {
        return Some(DType::native(first));
    }
    let mut cleared = vec![false; n];
    let mut len = n;
    let res = loop {
        let half = len / 2;
        let mut res = None;
        for low in 0..half {
            let high = len - 1 - low;
            res = if v[high] == v[low] {
                Some(v[low])
            } else {
                common_dtype_oneway(v[low], v[high])
            };
            if res.is_none() {
                v.swap(low, high);
            }
            if res == Some(v[low]) {
                cleared[high] = true;
            }
        }
        if len == 2 {
            break res;
        }
        len -= half;
    };
    let main = v[0];
    let (mut result, start) = match res {
        Some(r) => (Some(r), 2),
        None => (None, 1),
    };
    for i in start..n {
        if cleared[i] {
            continue;
        }
        let promotion = common_dtype_oneway(main, v[i])?;
        result = Some(match result {
            None => promotion,
            Some(r) => promote_types(r, promotion)?,
        });
    }
    result.map(DType::native)
}

/// Cast every column to `dtype` and lay them side by side: `(rows, columns)`.
fn stack_numbers(columns: &[PandasColumn], dtype: DType) -> Result<DynArray> {
    let cast = columns
        .iter()
        .map(|c| match c {
            PandasColumn::Numbers(a) if a.dtype() == dtype => Ok(a.clone()),
            PandasColumn::Numbers(a) => a.astype(dtype),
            _ => Err(Error::internal("from_arrow: object column among numbers")),
        })
        .collect::<Result<Vec<_>>>()?;
    /// `ndarray::stack` of columns that all hold `T` (the first one's type).
    fn stack_like<T: Element>(_first: &ArrayD<T>, cols: &[DynArray]) -> Result<ArrayData> {
        let views = cols
            .iter()
            .map(|c| {
                c.as_array::<T>()
                    .map(|a| a.view())
                    .ok_or_else(|| Error::internal("from_arrow: columns of different dtypes"))
            })
            .collect::<Result<Vec<_>>>()?;
        let out = ndarray::stack(Axis(1), &views)
            .map_err(|e| Error::internal(format!("from_arrow: {e}")))?;
        Ok(T::wrap(out))
    }
    let first = cast
        .first()
        .ok_or_else(|| Error::internal("from_arrow: no columns"))?;
    let data = dispatch!(first.data(), a => stack_like(a, &cast)?,
        _s => return Err(Error::internal("from_arrow: a string column among numbers")));
    Ok(DynArray::from_data(data))
}

/// An all-string object array as a `str` array (README rule 3); `None` when some element is
/// not a string. Without rows there are no elements, so every such array qualifies.
fn stack_strings(columns: &[PandasColumn], rows: usize) -> Option<DynArray> {
    let ncols = columns.len();
    let cols = if rows > 0 {
        columns
            .iter()
            .map(|c| match c {
                PandasColumn::Strings(s) => Some(s),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?
    } else {
        Vec::new()
    };
    if let [one] = cols[..] {
        // One column: its elements are already the rows, in order.
        return one.clone().into_shape(&[rows, 1]).ok().map(DynArray::from);
    }
    // Sized only now: every column holds its `rows` strings, so this is no larger than
    // what is already in memory (a claimed row count alone allocates nothing).
    let elements = cols.iter().map(|c| c.len()).sum();
    let bytes = cols.iter().map(|c| c.values().len()).sum();
    let mut out = StrBuilder::with_capacity(elements, bytes);
    for r in 0..rows {
        for c in &cols {
            out.push(c.get(r)?);
        }
    }
    out.finish(&[rows, ncols]).ok().map(DynArray::from)
}

fn is_tensor(field: &Field) -> bool {
    matches!(field.data_type(), DataType::FixedSizeList(..))
        && field.metadata().get(EXTENSION_NAME_KEY).map(String::as_str)
            == Some(TENSOR_EXTENSION_NAME)
}

/// The inner dimensions of a fixed-shape tensor field: `{"shape": [...]}` in its extension
/// metadata (`dim_names` is accepted; a non-identity `permutation` is refused, since the
/// data would then not be in C order).
fn tensor_shape(field: &Field) -> Result<Vec<usize>> {
    let bad = |why: &str| {
        Error::bad_input(format!(
            "from_arrow: column {:?} is an {TENSOR_EXTENSION_NAME} with {why}",
            field.name()
        ))
    };
    let meta = field
        .metadata()
        .get(EXTENSION_METADATA_KEY)
        .ok_or_else(|| bad("no extension metadata"))?;
    let value: serde_json::Value =
        serde_json::from_str(meta).map_err(|_| bad("extension metadata that is not JSON"))?;
    let shape = value["shape"]
        .as_array()
        .ok_or_else(|| bad("no \"shape\" in its extension metadata"))?
        .iter()
        .map(|d| d.as_u64().and_then(|d| usize::try_from(d).ok()))
        .collect::<Option<Vec<usize>>>()
        .ok_or_else(|| bad("a \"shape\" that is not a list of sizes"))?;
    if let Some(perm) = value.get("permutation").filter(|p| !p.is_null()) {
        let identity = perm.as_array().is_some_and(|p| {
            p.iter()
                .enumerate()
                .all(|(i, x)| x.as_u64() == Some(i as u64))
        });
        if !identity {
            return Err(bad("a permutation (only C-order tensors are read)"));
        }
    }
    Ok(shape)
}

/// A fixed-shape tensor column back to the N-d array: `(rows, *shape)`.
fn tensor_from(field: &Field, col: &ArrayRef) -> Result<DynArray> {
    let inner = tensor_shape(field)?;
    let list = col
        .as_fixed_size_list_opt()
        .ok_or_else(|| downcast_failed(col.data_type()))?;
    let size = usize::try_from(list.value_length()).unwrap_or(0);
    let product = inner.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    if product != Some(size) {
        return Err(Error::bad_input(format!(
            "from_arrow: column {:?} has lists of {size} elements but a tensor shape of {:?}",
            field.name(),
            inner
        )));
    }
    let rows = list.len();
    let values = list.values();
    let Some(n) = rows.checked_mul(size).filter(|&n| n <= values.len()) else {
        return Err(Error::bad_input(format!(
            "from_arrow: tensor column {:?} holds fewer values than its rows need",
            field.name()
        )));
    };
    let values = values.slice(0, n);
    if list.null_count() > 0 || values.null_count() > 0 {
        return Err(Error::bad_input(format!(
            "from_arrow: tensor column {:?} has nulls, which an array cannot hold",
            field.name()
        )));
    }
    let flat = match pandas_column(field.name(), values.as_ref())? {
        PandasColumn::Numbers(a) => a,
        PandasColumn::Strings(s) => DynArray::from(s),
        PandasColumn::Objects(why) => {
            return Err(Error::bad_input(format!("from_arrow: {why}")));
        }
    };
    let mut shape = Vec::with_capacity(inner.len() + 1);
    shape.push(rows);
    shape.extend_from_slice(&inner);
    flat.into_shape(&shape)
}

/// `batch` as an Arrow IPC stream: the schema message, the batch, the end-of-stream marker
/// (what pyarrow's `pa.ipc.new_stream` writes; uncompressed, metadata version V5).
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) if arrow-ipc cannot encode the batch
/// (it can encode every batch [`to_record_batch`] makes).
pub fn to_ipc_stream(batch: &RecordBatch) -> Result<Vec<u8>> {
    let write = || -> std::result::Result<Vec<u8>, ArrowError> {
        let mut writer = StreamWriter::try_new(Vec::new(), &batch.schema())?;
        writer.write(batch)?;
        writer.finish()?;
        writer.into_inner()
    };
    write().map_err(|e| arrow_error("Arrow IPC write", e))
}

/// The one record batch of an Arrow IPC stream (a stream with a schema and no batch gives an
/// empty batch of that schema).
///
/// Hostile bytes are bad input, never a panic or an unbounded allocation: arrow-ipc verifies
/// the flatbuffers, bounds what it allocates for a message by the bytes that arrive, and
/// validates every array it builds (offsets, UTF-8, buffer sizes). Compressed streams are
/// refused (this crate builds arrow-ipc without codecs).
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for bytes that are not a valid Arrow
/// IPC stream, and for a stream of more than one batch (use [`ipc_stream_batches`]).
pub fn from_ipc_stream(bytes: &[u8]) -> Result<RecordBatch> {
    let (schema, mut batches) = read_stream(bytes)?;
    match batches.len() {
        0 => Ok(RecordBatch::new_empty(schema)),
        1 => Ok(batches.remove(0)),
        n => Err(Error::bad_input(format!(
            "Arrow IPC stream: expected one record batch, found {n}"
        ))),
    }
}

/// Every record batch of an Arrow IPC stream, in order (Spark's `mapInArrow` and pyarrow's
/// `RecordBatchStreamWriter` may send several).
///
/// # Errors
/// As [`from_ipc_stream`], without the one-batch rule.
pub fn ipc_stream_batches(bytes: &[u8]) -> Result<Vec<RecordBatch>> {
    read_stream(bytes).map(|(_, batches)| batches)
}

/// An Arrow IPC stream of any number of record batches as one array, as BentoML's `from_arrow`
/// reads a batch, with the batches concatenated along the rows first:
/// `pa.Table.from_batches(batches).to_pandas().to_numpy()` (so a column's nulls anywhere make
/// it float64 everywhere, as pandas decides on the whole column). A stream with no batch gives
/// `(0, columns)`. This is what an `application/vnd.apache.arrow.stream` request body
/// ([`MEDIA_TYPE`]) becomes before validation.
///
/// `limits` apply before the array is allocated: the body length (`max_body_bytes`), then
/// the result's `rows × columns` elements (an `arrow.fixed_shape_tensor` column counts its
/// row size) against `max_elements`. The batches themselves are bounded by the bytes that
/// arrived (see [`from_ipc_stream`]).
///
/// ```
/// use ndarray::{ArrayD, IxDyn};
/// use ndarray_descriptor::{DynArray, Limits, arrow};
/// let part = |v: Vec<f64>| arrow::to_record_batch(&DynArray::from(
///     ArrayD::from_shape_vec(IxDyn(&[v.len()]), v).unwrap()));
/// let (a, b) = (part(vec![1.0, 2.0])?, part(vec![3.0])?);
/// let mut bytes = Vec::new();
/// let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut bytes, &a.schema()).unwrap();
/// w.write(&a).unwrap();
/// w.write(&b).unwrap();
/// w.finish().unwrap();
/// drop(w);
/// let x = arrow::decode_stream(&bytes, &Limits::default())?;
/// assert_eq!(x.shape(), &[3, 1]);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) for a body or a result over
/// the limits; [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for bytes that are not an
/// Arrow IPC stream and as [`from_record_batch`].
pub fn decode_stream(bytes: &[u8], limits: &Limits) -> Result<DynArray> {
    limits.check_body(bytes.len())?;
    let (schema, mut batches) = read_stream(bytes)?;
    let rows = batches
        .iter()
        .try_fold(0usize, |n, b| n.checked_add(b.num_rows()))
        .ok_or_else(|| Error::limit_exceeded("Arrow IPC stream: the row count overflows"))?;
    let width = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::FixedSizeList(_, n) => usize::try_from(*n).unwrap_or(0),
            _ => 1,
        })
        .try_fold(0usize, |n, w| n.checked_add(w))
        .ok_or_else(|| Error::limit_exceeded("Arrow IPC stream: the column count overflows"))?;
    limits.check_shape(&[rows, width])?;
    let batch = if batches.len() > 1 {
        arrow_select::concat::concat_batches(&schema, &batches)
            .map_err(|e| arrow_error("Arrow IPC stream", e))?
    } else {
        batches
            .pop()
            .unwrap_or_else(|| RecordBatch::new_empty(schema))
    };
    from_record_batch(&batch)
}

fn read_stream(bytes: &[u8]) -> Result<(SchemaRef, Vec<RecordBatch>)> {
    check_messages(bytes)?;
    let read = || -> std::result::Result<(SchemaRef, Vec<RecordBatch>), ArrowError> {
        let reader = StreamReader::try_new(Cursor::new(bytes), None)?;
        let schema = reader.schema();
        let batches = reader.collect::<std::result::Result<Vec<_>, _>>()?;
        Ok((schema, batches))
    };
    // Last line of defence: arrow-ipc answers malformed input with errors, but it is a large
    // decoder, and a panic on a path nobody fuzzed must still be the client's 400, not a
    // crashed worker. (The default hook still prints the panic; the error is returned.)
    match catch_unwind(AssertUnwindSafe(read)) {
        Ok(res) => res.map_err(|e| arrow_error("Arrow IPC stream", e)),
        Err(_) => Err(Error::bad_input(
            "Arrow IPC stream: malformed input (the reader panicked)",
        )),
    }
}

/// Rows a batch or array may claim beyond what its body bytes could describe (8 rows a byte,
/// the density of a validity bitmap): only arrays without buffers (the null type, empty
/// fixed-size lists) get there, and this many is already far more than a request needs.
const MAX_BUFFERLESS_ROWS: i64 = 1 << 24;

/// Structural checks of every message arrow-ipc will decode, made before it decodes them:
/// arrow-ipc 60 trusts buffer offsets and lengths and asserts (panics) when one points outside
/// the message body, and multiplies claimed lengths unchecked. Framing errors (short reads,
/// bad flatbuffers) are left to the reader, which reports them before touching any buffer.
fn check_messages(bytes: &[u8]) -> Result<()> {
    let bad = |why: String| Err(Error::bad_input(format!("Arrow IPC stream: {why}")));
    let word = |at: usize| -> Option<i32> {
        let b = bytes.get(at..at.checked_add(4)?)?;
        Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut pos = 0usize;
    loop {
        let Some(mut meta_len) = word(pos) else {
            return Ok(());
        };
        pos += 4;
        // 0xFFFFFFFF is the continuation marker of the current format; the length follows.
        if meta_len == -1 {
            let Some(len) = word(pos) else { return Ok(()) };
            meta_len = len;
            pos += 4;
        }
        let Ok(meta_len @ 1..) = usize::try_from(meta_len) else {
            return Ok(());
        };
        let Some(meta) = pos
            .checked_add(meta_len)
            .and_then(|end| bytes.get(pos..end))
        else {
            return Ok(());
        };
        let Ok(message) = arrow_ipc::root_as_message(meta) else {
            return Ok(());
        };
        pos += meta_len;
        let body_len = message.bodyLength();
        let Some(body_end) = usize::try_from(body_len)
            .ok()
            .and_then(|b| pos.checked_add(b))
            .filter(|&end| end <= bytes.len())
        else {
            return Ok(());
        };
        pos = body_end;
        let header = message
            .header_as_record_batch()
            .or_else(|| message.header_as_dictionary_batch().and_then(|d| d.data()));
        let Some(rb) = header else { continue };
        let max_rows = body_len
            .saturating_mul(8)
            .saturating_add(MAX_BUFFERLESS_ROWS);
        if !(0..=max_rows).contains(&rb.length()) {
            return bad(format!("a record batch claims {} rows", rb.length()));
        }
        for node in rb.nodes().iter().flatten() {
            if !(0..=max_rows).contains(&node.length())
                || !(0..=node.length()).contains(&node.null_count())
            {
                return bad(format!(
                    "an array claims {} values with {} nulls",
                    node.length(),
                    node.null_count()
                ));
            }
        }
        for buf in rb.buffers().iter().flatten() {
            let inside = buf.offset() >= 0
                && buf.length() >= 0
                && buf
                    .offset()
                    .checked_add(buf.length())
                    .is_some_and(|end| end <= body_len);
            if !inside {
                return bad(format!(
                    "a buffer at offset {} of {} bytes lies outside the {body_len}-byte body",
                    buf.offset(),
                    buf.length()
                ));
            }
        }
    }
}

#[cold]
fn arrow_error(what: &str, e: ArrowError) -> Error {
    Error::bad_input(format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::dtype::ByteOrder;

    fn arr<T>(shape: &[usize], v: Vec<T>) -> DynArray
    where
        DynArray: From<ArrayD<T>>,
    {
        DynArray::from(ArrayD::from_shape_vec(IxDyn(shape), v).unwrap())
    }

    fn dt(s: ScalarType) -> DType {
        DType::native(s)
    }

    #[test]
    fn result_type_is_numpy_s() {
        use ScalarType::*;
        let cases: &[(&[ScalarType], ScalarType)] = &[
            (&[UInt64, Int64], Float64),
            (&[UInt8, Int8], Int16),
            (&[Int16, Float16], Float32),
            (&[Int32, Float32], Float64),
            (&[Int8, UInt16], Int32),
            (&[Int8, UInt32], Int64),
            (&[UInt8, Float16], Float16),
            (&[UInt16, UInt32], UInt32),
            (&[Float16, Float32], Float32),
            // Checked against numpy 2.4.6: not a left fold of promote_types.
            (&[Int8, UInt8, Float16], Float16),
            (&[UInt8, Int8, Float16], Float16),
            (&[UInt64, Int8, Float16], Float64),
            (&[Int16, UInt8, Float16], Float32),
            (&[Float16, Int16, UInt8], Float32),
        ];
        for (ins, out) in cases {
            let ds: Vec<DType> = ins.iter().map(|&s| dt(s)).collect();
            assert_eq!(result_type(&ds), Some(dt(*out)), "{ins:?}");
        }
    }

    #[test]
    fn one_d_goes_out_as_output_column() {
        let batch = to_record_batch(&arr(&[3], vec![1.0f64, f64::NAN, -0.0])).unwrap();
        assert_eq!(batch.num_rows(), 3);
        let f = batch.schema().field(0).clone();
        assert_eq!(
            (f.name().as_str(), f.data_type(), f.is_nullable()),
            ("output", &DataType::Float64, true)
        );
        assert_eq!(batch.column(0).null_count(), 0);
    }

    #[test]
    fn strings_stop_at_nul() {
        let a = arr(&[2], vec!["a\0b".to_string(), "héllo".into()]);
        let batch = to_record_batch(&a).unwrap();
        let s = batch.column(0).as_string::<i32>();
        assert_eq!((s.value(0), s.value(1)), ("a", "héllo"));
    }

    #[test]
    fn zero_d_is_bad_input() {
        let e = to_record_batch(&arr(&[], vec![5.0f64])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert_eq!(e.message(), "only handle 1-dimensional arrays");
    }

    #[test]
    fn big_endian_keeps_values() {
        let be = arr(&[2], vec![1.5f32, -2.0]).with_byteorder(ByteOrder::Big);
        assert_eq!(be.dtype().str(), ">f4");
        let batch = to_record_batch(&be).unwrap();
        let col = batch.column(0).as_primitive::<Float32Type>();
        assert_eq!(col.values().as_ref(), &[1.5, -2.0]);
    }

    #[test]
    fn n_d_round_trips_through_ipc() {
        let a = arr(&[2, 3, 2], (0..12).map(|x: i32| x - 5).collect());
        let batch = to_record_batch(&a).unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert!(matches!(
            batch.schema().field(0).data_type(),
            DataType::FixedSizeList(_, 6)
        ));
        let back = from_record_batch(&from_ipc_stream(&to_ipc_stream(&batch).unwrap()).unwrap());
        assert_eq!(back.unwrap(), a);
        // Empty rows keep their count.
        let e = arr::<f32>(&[3, 0], vec![]);
        let back = from_ipc_stream(&to_ipc_stream(&to_record_batch(&e).unwrap()).unwrap());
        assert_eq!(from_record_batch(&back.unwrap()).unwrap(), e);
    }

    #[test]
    fn from_arrow_follows_pandas() {
        let batch = RecordBatch::try_from_iter([
            ("a", Arc::new(UInt8Array::from(vec![255, 2])) as ArrayRef),
            ("b", Arc::new(Int8Array::from(vec![-3, 4])) as ArrayRef),
        ])
        .unwrap();
        let out = from_record_batch(&batch).unwrap();
        assert_eq!(out, arr(&[2, 2], vec![255i16, -3, 2, 4]));

        let nulls = RecordBatch::try_from_iter([(
            "a",
            Arc::new(Int64Array::from(vec![Some(1), None])) as ArrayRef,
        )])
        .unwrap();
        let out = from_record_batch(&nulls).unwrap();
        assert_eq!(out.dtype(), DType::FLOAT64);
        assert!(out.as_array::<f64>().unwrap()[[1, 0]].is_nan());

        let mixed = RecordBatch::try_from_iter([
            ("a", Arc::new(BooleanArray::from(vec![true])) as ArrayRef),
            ("b", Arc::new(Int64Array::from(vec![1])) as ArrayRef),
        ])
        .unwrap();
        let e = from_record_batch(&mixed).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);

        let strs = RecordBatch::try_from_iter([
            (
                "a",
                Arc::new(StringArray::from(vec!["p", "qq"])) as ArrayRef,
            ),
            ("b", Arc::new(StringArray::from(vec!["r", "s"])) as ArrayRef),
        ])
        .unwrap();
        let out = from_record_batch(&strs).unwrap();
        assert_eq!(out.dtype().str(), "<U2");
        assert_eq!(
            out.as_strings().unwrap().iter().collect::<Vec<_>>(),
            ["p", "r", "qq", "s"]
        );
    }

    /// The stream pyarrow's `RecordBatchStreamWriter` writes for `batches` (one schema).
    fn stream_of(batches: &[RecordBatch]) -> Vec<u8> {
        let mut w = StreamWriter::try_new(Vec::new(), &batches[0].schema()).unwrap();
        for b in batches {
            w.write(b).unwrap();
        }
        w.finish().unwrap();
        w.into_inner().unwrap()
    }

    fn features(rows: std::ops::Range<i32>, nulls: bool) -> RecordBatch {
        let f0: Vec<Option<i64>> = rows
            .clone()
            .map(|r| (!nulls || r % 2 == 0).then_some(i64::from(r)))
            .collect();
        let f1: Vec<f32> = rows.map(|r| r as f32 + 0.5).collect();
        RecordBatch::try_from_iter_with_nullable([
            ("f0", Arc::new(Int64Array::from(f0)) as ArrayRef, true),
            ("f1", Arc::new(Float32Array::from(f1)) as ArrayRef, true),
        ])
        .unwrap()
    }

    #[test]
    fn stream_batches_concatenate_along_rows() {
        let bytes = stream_of(&[features(0..2, false), features(2..5, false)]);
        let x = decode_stream(&bytes, &Limits::default()).unwrap();
        // int64 + float32 → float64, as numpy's result_type.
        assert_eq!(x.dtype(), DType::FLOAT64);
        let want: Vec<f64> = (0..5).flat_map(|r| [r as f64, r as f64 + 0.5]).collect();
        assert_eq!(x, arr(&[5, 2], want));
        // A null in a later batch decides the whole column, as pandas decides on the table.
        let bytes = stream_of(&[features(0..2, false), features(2..4, true)]);
        let x = decode_stream(&bytes, &Limits::default()).unwrap();
        let a = x.as_array::<f64>().unwrap();
        assert_eq!((a[[0, 0]], a[[2, 0]]), (0.0, 2.0));
        assert!(a[[3, 0]].is_nan());
        // A stream with a schema and no batch: no rows.
        let mut w = StreamWriter::try_new(Vec::new(), &features(0..1, false).schema()).unwrap();
        w.finish().unwrap();
        let x = decode_stream(&w.into_inner().unwrap(), &Limits::default()).unwrap();
        assert_eq!(x.shape(), &[0, 2]);
    }

    #[test]
    fn stream_limits_apply_before_the_array() {
        let bytes = stream_of(&[features(0..3, false), features(3..6, false)]);
        let e = decode_stream(&bytes, &Limits::default().with_max_elements(11)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        assert!(e.message().contains("12 elements"), "{}", e.message());
        let ok = decode_stream(&bytes, &Limits::default().with_max_elements(12));
        assert_eq!(ok.unwrap().shape(), &[6, 2]);
        let e = decode_stream(
            &bytes,
            &Limits::default().with_max_body_bytes(bytes.len() - 1),
        );
        assert_eq!(e.unwrap_err().kind(), ErrorKind::LimitExceeded);
        // A tensor column counts its row size.
        let t = to_record_batch(&arr(&[2, 3, 2], vec![0u8; 12])).unwrap();
        let bytes = stream_of(&[t]);
        let e = decode_stream(&bytes, &Limits::default().with_max_elements(11)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        let x = decode_stream(&bytes, &Limits::default()).unwrap();
        assert_eq!(x.shape(), &[2, 3, 2]);
        assert_eq!(
            decode_stream(b"\xff\xff\xff\xffjunk", &Limits::default())
                .unwrap_err()
                .kind(),
            ErrorKind::BadInput
        );
    }

    #[test]
    fn claimed_rows_allocate_nothing() {
        // Null-type columns hold no buffers: a huge claimed row count must fail, not allocate
        // rows × columns strings.
        let cols: Vec<(String, ArrayRef)> = (0..1000)
            .map(|i| {
                let a: ArrayRef = Arc::new(arrow_array::NullArray::new(1 << 24));
                (format!("c{i}"), a)
            })
            .collect();
        let batch = RecordBatch::try_from_iter(cols).unwrap();
        let e = from_record_batch(&batch).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert!(e.message().contains("null type"), "{}", e.message());
    }

    #[test]
    fn hostile_ipc_is_bad_input() {
        let good = to_ipc_stream(&to_record_batch(&arr(&[3], vec![1i64, 2, 3])).unwrap()).unwrap();
        for cut in 0..good.len() {
            if let Err(e) = from_ipc_stream(&good[..cut]) {
                assert_eq!(e.kind(), ErrorKind::BadInput);
            }
        }
        for i in 0..good.len() {
            for b in [0x00, 0xff, 0x7f, 0x80] {
                let mut bad = good.clone();
                bad[i] = b;
                if let Err(e) = from_ipc_stream(&bad) {
                    assert_eq!(e.kind(), ErrorKind::BadInput);
                }
            }
        }
        assert_eq!(
            from_ipc_stream(b"not arrow").unwrap_err().kind(),
            ErrorKind::BadInput
        );
    }
}
