//! arrow.json (feature `arrow`): `to_arrow(array)` → a record batch compared by schema and
//! columns (and the case's `ipc_hex`, pyarrow's bytes, must read back to those columns);
//! `from_arrow(batch read from ipc_hex)` → `to_pandas().to_numpy()`'s array, or an error.
//! README rule 6: a 2+-d or big-endian `to_arrow` input must answer (checked by a round trip).

use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowPrimitiveType, Float16Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type,
    Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use half::f16;
use ndarray_descriptor::{ByteOrder, DynArray, arrow};
use serde_json::Value;

use crate::common::{
    Escaped, Outcome, built_descriptor, check_array_outcome, check_error, describe, same_elements,
    vec_array, vec_f64,
};

pub fn run(case: &Value) -> Outcome {
    let desc = built_descriptor(case)?;
    match case["op"].as_str() {
        Some("to_arrow") => {
            let input = vec_array(&case["input"])?;
            let got = desc.to_arrow(&input);
            if let Some(err) = case.get("error") {
                if extension_answers(err, &input) {
                    let batch = got.map_err(|e| {
                        format!(
                            "rule 6 extension: expected a batch for {}, got {:?}: {}",
                            describe(&input),
                            e.kind(),
                            e.message()
                        )
                    })?;
                    return check_round_trip(&input, &batch);
                }
                return match got {
                    Err(e) => check_error(err, &e, Escaped::BadInput),
                    Ok(b) => Err(format!(
                        "expected error {}: {}, got a batch of {} rows",
                        err["class"],
                        err["message"],
                        b.num_rows()
                    )),
                };
            }
            let expect = case
                .get("expect")
                .ok_or("case has neither expect nor error")?;
            let batch =
                got.map_err(|e| format!("expected a batch, got {:?}: {}", e.kind(), e.message()))?;
            check_batch(expect, &batch).map_err(|e| format!("produced batch: {e}"))?;
            // pyarrow's own bytes for the same batch must read to the same columns.
            let theirs = read_hex(&expect["ipc_hex"])?;
            check_batch(expect, &theirs).map_err(|e| format!("reference ipc_hex: {e}"))?;
            // And ours must survive our own IPC round trip unchanged.
            let ours = arrow::to_ipc_stream(&batch).map_err(|e| e.message().to_string())?;
            let back = arrow::from_ipc_stream(&ours).map_err(|e| e.message().to_string())?;
            if back != batch {
                return Err("our IPC stream does not read back to the batch".into());
            }
            Ok(())
        }
        Some("from_arrow") => {
            let res = read_hex(&case["ipc_hex"]).and_then(|batch| {
                // The case describes its batch; our reader must see the same one.
                check_batch(case, &batch).map_err(|e| format!("ipc_hex read: {e}"))?;
                Ok(batch)
            });
            let batch = res?;
            check_array_outcome(case, desc.from_arrow(&batch), Escaped::BadInput)
        }
        other => Err(format!("unknown op {other:?}")),
    }
}

/// README rule 6: pyarrow failed on a 2+-d array or on big-endian data; the crate answers.
fn extension_answers(err: &Value, input: &DynArray) -> bool {
    let escaped = err["bentoml"].as_bool() == Some(false);
    let big_endian =
        input.dtype().scalar().has_byteorder() && input.dtype().order() == ByteOrder::Big;
    escaped && (input.ndim() >= 2 || big_endian)
}

/// The extensions: an N-d array reads back to itself (via a FixedSizeList column), a
/// big-endian one to the same values; both also through our IPC bytes.
fn check_round_trip(input: &DynArray, batch: &RecordBatch) -> Outcome {
    let field = batch.schema().field(0).clone();
    if input.ndim() >= 2 {
        if !matches!(field.data_type(), DataType::FixedSizeList(..)) {
            return Err(format!(
                "N-d input should give a FixedSizeList column, got {}",
                field.data_type()
            ));
        }
        if batch.num_rows() != input.shape()[0] {
            return Err(format!(
                "N-d input: {} rows for shape {:?}",
                batch.num_rows(),
                input.shape()
            ));
        }
    }
    let bytes = arrow::to_ipc_stream(batch).map_err(|e| e.message().to_string())?;
    let read = arrow::from_ipc_stream(&bytes).map_err(|e| e.message().to_string())?;
    for b in [batch, &read] {
        let back = arrow::from_record_batch(b).map_err(|e| e.message().to_string())?;
        // from_arrow is 2-D (n, 1) for a 1-D column; the values are what matter.
        let back = back
            .into_shape(input.shape())
            .map_err(|e| e.message().to_string())?;
        let native = input.clone().with_byteorder(ByteOrder::NATIVE);
        if back.dtype().scalar() != native.dtype().scalar() || !same_elements(&back, &native) {
            return Err(format!(
                "round trip: {} read back as {}",
                describe(input),
                describe(&back)
            ));
        }
    }
    Ok(())
}

fn read_hex(v: &Value) -> Result<RecordBatch, String> {
    let hex = v.as_str().ok_or("no ipc_hex")?;
    let bytes = decode_hex(hex)?;
    arrow::from_ipc_stream(&bytes).map_err(|e| format!("{:?}: {}", e.kind(), e.message()))
}

fn decode_hex(hex: &str) -> Result<Vec<u8>, String> {
    if !hex.len().is_multiple_of(2) {
        return Err("odd-length hex".into());
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad hex at {i}"))
        })
        .collect()
}

/// pyarrow's name of an Arrow type, as the vectors spell it.
fn pyarrow_name(dt: &DataType) -> String {
    match dt {
        DataType::Float16 => "halffloat".into(),
        DataType::Float32 => "float".into(),
        DataType::Float64 => "double".into(),
        DataType::Boolean => "bool".into(),
        DataType::Utf8 => "string".into(),
        DataType::LargeUtf8 => "large_string".into(),
        DataType::Utf8View => "string_view".into(),
        DataType::Null => "null".into(),
        DataType::Int8 => "int8".into(),
        DataType::Int16 => "int16".into(),
        DataType::Int32 => "int32".into(),
        DataType::Int64 => "int64".into(),
        DataType::UInt8 => "uint8".into(),
        DataType::UInt16 => "uint16".into(),
        DataType::UInt32 => "uint32".into(),
        DataType::UInt64 => "uint64".into(),
        other => format!("{other}"),
    }
}

/// Compare a batch with `{"schema", "num_rows", "columns": [{name, type, nullable,
/// null_count, data}]}`.
fn check_batch(want: &Value, batch: &RecordBatch) -> Outcome {
    let schema = batch.schema();
    let text: Vec<String> = schema
        .fields()
        .iter()
        .map(|f| {
            let not_null = if f.is_nullable() { "" } else { " not null" };
            format!("{}: {}{not_null}", f.name(), pyarrow_name(f.data_type()))
        })
        .collect();
    let text = text.join("\n");
    if want["schema"].as_str() != Some(text.as_str()) {
        return Err(format!("schema: expected {}, got {text:?}", want["schema"]));
    }
    if want["num_rows"].as_u64() != Some(batch.num_rows() as u64) {
        return Err(format!(
            "num_rows: expected {}, got {}",
            want["num_rows"],
            batch.num_rows()
        ));
    }
    let cols = want["columns"].as_array().ok_or("no columns")?;
    if cols.len() != batch.num_columns() {
        return Err(format!(
            "expected {} columns, got {}",
            cols.len(),
            batch.num_columns()
        ));
    }
    for (i, c) in cols.iter().enumerate() {
        let field = schema.field(i);
        let col = batch.column(i);
        let ty = pyarrow_name(field.data_type());
        let got = (
            field.name().as_str(),
            ty.as_str(),
            field.is_nullable(),
            // pyarrow counts a null-type array's values as nulls; Arrow's physical count is 0.
            col.logical_null_count() as u64,
        );
        let exp = (
            c["name"].as_str().unwrap_or(""),
            c["type"].as_str().unwrap_or(""),
            c["nullable"].as_bool().unwrap_or(false),
            c["null_count"].as_u64().unwrap_or(u64::MAX),
        );
        if got != exp {
            return Err(format!("column {i}: expected {exp:?}, got {got:?}"));
        }
        let data = c["data"].as_array().ok_or("column without data")?;
        check_column(data, col.as_ref()).map_err(|e| format!("column {i} data: {e}"))?;
    }
    Ok(())
}

/// Compare a column's values with §1.2 data (`null` for nulls; floats bit for bit after
/// converting to the element type, any NaN equal to any NaN).
fn check_column(want: &[Value], col: &dyn Array) -> Outcome {
    if want.len() != col.len() {
        return Err(format!("{} values, expected {}", col.len(), want.len()));
    }
    let nulls = col.logical_nulls();
    for (i, w) in want.iter().enumerate() {
        if w.is_null() != nulls.as_ref().is_some_and(|n| n.is_null(i)) {
            return Err(format!("element {i}: null mismatch (expected {w})"));
        }
    }
    let same = |i: usize, ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(format!("element {i}: expected {}", want[i]))
        }
    };
    fn ints<T>(want: &[Value], col: &dyn Array) -> Outcome
    where
        T: ArrowPrimitiveType,
        T::Native: Into<i128>,
    {
        let a = col.as_primitive_opt::<T>().ok_or("downcast")?;
        for (i, w) in want.iter().enumerate() {
            if w.is_null() {
                continue;
            }
            let exp = w
                .as_i64()
                .map(i128::from)
                .or_else(|| w.as_u64().map(i128::from));
            if exp != Some(a.value(i).into()) {
                return Err(format!("element {i}: expected {w}, got {:?}", a.value(i)));
            }
        }
        Ok(())
    }
    fn floats<T: ArrowPrimitiveType>(
        want: &[Value],
        col: &dyn Array,
        conv: impl Fn(f64) -> T::Native,
        eq: impl Fn(T::Native, T::Native) -> bool,
    ) -> Outcome {
        let a = col.as_primitive_opt::<T>().ok_or("downcast")?;
        for (i, w) in want.iter().enumerate() {
            if w.is_null() {
                continue;
            }
            let exp = conv(vec_f64(w)?);
            if !eq(exp, a.value(i)) {
                return Err(format!("element {i}: expected {w}, got {:?}", a.value(i)));
            }
        }
        Ok(())
    }
    match col.data_type() {
        DataType::Int8 => ints::<Int8Type>(want, col),
        DataType::Int16 => ints::<Int16Type>(want, col),
        DataType::Int32 => ints::<Int32Type>(want, col),
        DataType::Int64 => ints::<Int64Type>(want, col),
        DataType::UInt8 => ints::<UInt8Type>(want, col),
        DataType::UInt16 => ints::<UInt16Type>(want, col),
        DataType::UInt32 => ints::<UInt32Type>(want, col),
        DataType::UInt64 => ints::<UInt64Type>(want, col),
        DataType::Float16 => floats::<Float16Type>(want, col, f16::from_f64, |p, q| {
            p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan())
        }),
        DataType::Float32 => floats::<Float32Type>(
            want,
            col,
            |f| f as f32,
            |p, q| p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan()),
        ),
        DataType::Float64 => floats::<Float64Type>(
            want,
            col,
            |f| f,
            |p, q| p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan()),
        ),
        DataType::Boolean => {
            let a = col.as_boolean_opt().ok_or("downcast")?;
            (0..want.len())
                .filter(|&i| !want[i].is_null())
                .try_for_each(|i| same(i, want[i].as_bool() == Some(a.value(i))))
        }
        DataType::Utf8 => {
            let a = col.as_string_opt::<i32>().ok_or("downcast")?;
            (0..want.len())
                .filter(|&i| !want[i].is_null())
                .try_for_each(|i| same(i, want[i].as_str() == Some(a.value(i))))
        }
        DataType::LargeUtf8 => {
            let a = col.as_string_opt::<i64>().ok_or("downcast")?;
            (0..want.len())
                .filter(|&i| !want[i].is_null())
                .try_for_each(|i| same(i, want[i].as_str() == Some(a.value(i))))
        }
        DataType::Utf8View => {
            let a = col.as_string_view_opt().ok_or("downcast")?;
            (0..want.len())
                .filter(|&i| !want[i].is_null())
                .try_for_each(|i| same(i, want[i].as_str() == Some(a.value(i))))
        }
        DataType::Null => Ok(()),
        other => Err(format!("no comparison for type {other}")),
    }
}
