//! [`NumpyNdarray::spark_schema`]: the Spark SQL schema BentoML's batch inference declares for
//! an array output, as the text Spark itself prints. Only JSON text: no Spark dependency.

use std::fmt;

use crate::descriptor::NumpyNdarray;
use crate::dtype::{DType, ScalarType};
use crate::error::{Error, Result};

/// The name of the one field BentoML's schema has.
const FIELD_NAME: &str = "out";

/// A Spark SQL atomic type that an array output can map to (pyspark.pandas' `as_spark_type`
/// for the dtypes this crate carries).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SparkType {
    /// `BooleanType` (numpy `bool`).
    Boolean,
    /// `ByteType` (numpy `int8`).
    Byte,
    /// `ShortType` (numpy `int16`).
    Short,
    /// `IntegerType` (numpy `int32`).
    Integer,
    /// `LongType` (numpy `int64`).
    Long,
    /// `FloatType` (numpy `float32`).
    Float,
    /// `DoubleType` (numpy `float64`).
    Double,
    /// `StringType` (numpy's unsized `str`).
    String,
}

impl SparkType {
    /// The Spark type for `dtype`, as pyspark.pandas' `as_spark_type` finds it: by numpy
    /// equality with a fixed list of types, so only native byte order matches, and of the
    /// unicode dtypes only the unsized `str` (`<U0`) does. `None` for every other dtype
    /// (unsigned integers, float16, sized or big-endian unicode, big-endian numbers).
    pub fn of(dtype: DType) -> Option<SparkType> {
        // `dtype.is_native()` is true for the byte-order-free bool/int8 too.
        if !dtype.is_native() {
            return None;
        }
        Some(match dtype.scalar() {
            ScalarType::Bool => SparkType::Boolean,
            ScalarType::Int8 => SparkType::Byte,
            ScalarType::Int16 => SparkType::Short,
            ScalarType::Int32 => SparkType::Integer,
            ScalarType::Int64 => SparkType::Long,
            ScalarType::Float32 => SparkType::Float,
            ScalarType::Float64 => SparkType::Double,
            ScalarType::Str if dtype.width() == 0 => SparkType::String,
            _ => return None,
        })
    }

    /// Spark's JSON name (`DataType.typeName()`): `"boolean"`, `"byte"`, `"integer"`, ...
    pub fn json_name(self) -> &'static str {
        match self {
            SparkType::Boolean => "boolean",
            SparkType::Byte => "byte",
            SparkType::Short => "short",
            SparkType::Integer => "integer",
            SparkType::Long => "long",
            SparkType::Float => "float",
            SparkType::Double => "double",
            SparkType::String => "string",
        }
    }

    /// Spark's SQL name (`DataType.simpleString()`): `"boolean"`, `"tinyint"`, `"int"`, ...
    pub fn sql_name(self) -> &'static str {
        match self {
            SparkType::Boolean => "boolean",
            SparkType::Byte => "tinyint",
            SparkType::Short => "smallint",
            SparkType::Integer => "int",
            SparkType::Long => "bigint",
            SparkType::Float => "float",
            SparkType::Double => "double",
            SparkType::String => "string",
        }
    }
}

/// BentoML's Spark schema for an array output: `StructType([StructField("out", type,
/// nullable=False)])`.
///
/// [`json`](SparkSchema::json) is what Spark's `StructType.json()` prints (what
/// `StructType.fromJson` / `DataType.fromJson` and the JVM's `DataType.fromJson` read), and
/// [`simple_string`](SparkSchema::simple_string) (also `Display`) what `simpleString()` prints
/// (usable as a DDL schema string: `spark.createDataFrame(rows, "struct<out:double>")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SparkSchema {
    field_type: SparkType,
}

impl SparkSchema {
    /// The type of the `out` field.
    pub fn field_type(&self) -> SparkType {
        self.field_type
    }

    /// The name of the one field: `"out"`.
    pub fn field_name(&self) -> &'static str {
        FIELD_NAME
    }

    /// `StructType.json()`: keys sorted, no spaces, as pyspark writes it
    /// (`json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)`).
    pub fn json(&self) -> String {
        format!(
            r#"{{"fields":[{{"metadata":{{}},"name":"{FIELD_NAME}","nullable":false,"type":"{}"}}],"type":"struct"}}"#,
            self.field_type.json_name()
        )
    }

    /// `StructType.simpleString()`: `struct<out:double>`.
    pub fn simple_string(&self) -> String {
        format!("struct<{FIELD_NAME}:{}>", self.field_type.sql_name())
    }
}

impl fmt::Display for SparkSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.simple_string())
    }
}

impl NumpyNdarray {
    /// BentoML's `spark_schema()`: the Spark schema of this descriptor as a batch-inference
    /// output, one non-nullable `out` column of the dtype's Spark type.
    ///
    /// ```
    /// use ndarray_descriptor::{DType, NumpyNdarray};
    /// let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1]).build()?;
    /// let schema = desc.spark_schema()?;
    /// assert_eq!(schema.simple_string(), "struct<out:float>");
    /// assert_eq!(
    ///     schema.json(),
    ///     r#"{"fields":[{"metadata":{},"name":"out","nullable":false,"type":"float"}],"type":"struct"}"#
    /// );
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) with BentoML's message,
    /// checked in BentoML's order: no dtype; no shape; a shape of rank other than 1 (`[]`
    /// included); a dtype Spark has no type for (`dtype uint8 is not supported for batch
    /// inference.`: unsigned integers, float16, sized unicode such as `<U8`, big-endian
    /// dtypes such as `>f4`).
    pub fn spark_schema(&self) -> Result<SparkSchema> {
        let Some(dtype) = self.dtype else {
            return Err(Error::invalid_argument(
                "Cannot perform batch inference with a numpy output without a known dtype; \
                 please provide a dtype.",
            ));
        };
        let Some(shape) = &self.shape else {
            return Err(Error::invalid_argument(
                "Cannot perform batch inference with a numpy output without a known shape; \
                 please provide a shape.",
            ));
        };
        if shape.ndim() != 1 {
            return Err(Error::invalid_argument(
                "Cannot perform batch inference with a multidimensional numpy ndarray output; \
                 consider using pandas DataFrames instead.",
            ));
        }
        let field_type = SparkType::of(dtype).ok_or_else(|| {
            Error::invalid_argument(format!(
                "dtype {dtype} is not supported for batch inference."
            ))
        })?;
        Ok(SparkSchema { field_type })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::dtype::ByteOrder;

    fn desc(dtype: Option<&str>, shape: Option<Vec<i64>>) -> NumpyNdarray {
        let mut b = NumpyNdarray::builder();
        if let Some(d) = dtype {
            b = b.dtype_str(d);
        }
        if let Some(s) = shape {
            b = b.shape(s);
        }
        b.build().unwrap()
    }

    #[test]
    fn types_follow_pyspark() {
        let cases = [
            ("bool", "boolean", "boolean"),
            ("int8", "byte", "tinyint"),
            ("i2", "short", "smallint"),
            ("=i4", "integer", "int"),
            ("int", "long", "bigint"),
            ("f", "float", "float"),
            ("float", "double", "double"),
            ("U", "string", "string"),
            ("str", "string", "string"),
        ];
        for (dt, json, sql) in cases {
            let s = desc(Some(dt), Some(vec![-1])).spark_schema().unwrap();
            assert_eq!(s.field_type().json_name(), json, "{dt}");
            assert_eq!(s.simple_string(), format!("struct<out:{sql}>"), "{dt}");
            assert!(s.json().contains(&format!(r#""type":"{json}"}}]"#)), "{dt}");
        }
    }

    #[test]
    fn unsupported_dtypes_name_numpy_str() {
        for (dt, shown) in [
            ("uint8", "uint8"),
            ("u8", "uint64"),
            ("float16", "float16"),
            ("<U8", "<U8"),
            (">f4", ">f4"),
            (">i8", ">i8"),
        ] {
            let e = desc(Some(dt), Some(vec![3])).spark_schema().unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidArgument);
            assert_eq!(
                e.message(),
                format!("dtype {shown} is not supported for batch inference.")
            );
        }
        assert_eq!(
            SparkType::of(DType::STR.with_byteorder(ByteOrder::Big)),
            if ByteOrder::NATIVE == ByteOrder::Big {
                Some(SparkType::String)
            } else {
                None
            }
        );
    }

    #[test]
    fn checks_run_in_bentoml_order() {
        let no_dtype = desc(None, None).spark_schema().unwrap_err();
        assert!(no_dtype.message().contains("without a known dtype"));
        let no_shape = desc(Some("uint8"), None).spark_schema().unwrap_err();
        assert!(no_shape.message().contains("without a known shape"));
        for shape in [vec![], vec![2, 3]] {
            let e = desc(Some("uint8"), Some(shape)).spark_schema().unwrap_err();
            assert!(e.message().contains("multidimensional"), "{}", e.message());
        }
        assert!(desc(Some("f8"), Some(vec![0])).spark_schema().is_ok());
    }
}
