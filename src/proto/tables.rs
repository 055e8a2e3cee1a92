//! The `NDArray` lookup tables: dtype enum value ↔ value field ↔ numpy dtype.
//!
//! Pure data, independent of the generated types and of the rest of the
//! crate. They restate BentoML's `NumpyNdarray` tables (`bentoml.grpc.v1`
//! `NDArray`, the same in `v1alpha1`):
//!
//! | `DType` enum | value | numpy     | field           | number |
//! |--------------|-------|-----------|-----------------|--------|
//! | `DTYPE_FLOAT`  | 1   | `float32` | `float_values`  | 3  |
//! | `DTYPE_DOUBLE` | 2   | `float64` | `double_values` | 4  |
//! | `DTYPE_BOOL`   | 3   | `bool`    | `bool_values`   | 6  |
//! | `DTYPE_INT32`  | 4   | `int32`   | `int32_values`  | 7  |
//! | `DTYPE_INT64`  | 5   | `int64`   | `int64_values`  | 8  |
//! | `DTYPE_UINT32` | 6   | `uint32`  | `uint32_values` | 9  |
//! | `DTYPE_UINT64` | 7   | `uint64`  | `uint64_values` | 10 |
//! | `DTYPE_STRING` | 8   | `str`     | `string_values` | 5  |
//!
//! `DTYPE_UNSPECIFIED` (0) has no field: a message carrying it is read by
//! looking at which value fields are non-empty, in [`ValuesField::ALL`]
//! order (field-number order).
//!
//! The other two fields are `dtype` ([`DTYPE_FIELD_NUMBER`], a varint) and
//! `shape` ([`SHAPE_FIELD_NUMBER`], packed `int32`); the `WIRE_*` constants
//! are the protobuf wire types the reader and the encoder meet.

/// `NDArray.dtype` value meaning "not given" (`DTYPE_UNSPECIFIED`).
pub const DTYPE_UNSPECIFIED: i32 = 0;

/// Field number of `NDArray.dtype`.
pub const DTYPE_FIELD_NUMBER: u32 = 1;

/// Field number of `NDArray.shape`.
pub const SHAPE_FIELD_NUMBER: u32 = 2;

/// Protobuf wire type 0: a varint (`dtype`, one unpacked `shape`, `bool` or integer value).
pub const WIRE_VARINT: u32 = 0;

/// Protobuf wire type 1: eight little-endian bytes (one unpacked `double_values` value).
pub const WIRE_FIXED64: u32 = 1;

/// Protobuf wire type 2: a length-delimited payload (a packed run of `shape` or of any value
/// field, or one `string_values` value).
pub const WIRE_LEN: u32 = 2;

/// Protobuf wire type 3: the start of a group (only ever an unknown field of `NDArray`).
pub const WIRE_START_GROUP: u32 = 3;

/// Protobuf wire type 4: the end of a group.
pub const WIRE_END_GROUP: u32 = 4;

/// Protobuf wire type 5: four little-endian bytes (one unpacked `float_values` value).
pub const WIRE_FIXED32: u32 = 5;

/// One of the eight repeated value fields of an `NDArray` message.
///
/// Variants are declared in field-number order, so the derived `Ord` sorts
/// them the way the reference names them in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValuesField {
    /// `float_values` (3): numpy `float32`, `DTYPE_FLOAT` (1).
    Float,
    /// `double_values` (4): numpy `float64`, `DTYPE_DOUBLE` (2).
    Double,
    /// `string_values` (5): numpy unicode `str`, `DTYPE_STRING` (8).
    String,
    /// `bool_values` (6): numpy `bool`, `DTYPE_BOOL` (3).
    Bool,
    /// `int32_values` (7): numpy `int32`, `DTYPE_INT32` (4).
    Int32,
    /// `int64_values` (8): numpy `int64`, `DTYPE_INT64` (5).
    Int64,
    /// `uint32_values` (9): numpy `uint32`, `DTYPE_UINT32` (6).
    Uint32,
    /// `uint64_values` (10): numpy `uint64`, `DTYPE_UINT64` (7).
    Uint64,
}

impl ValuesField {
    /// Every value field, in field-number order (3 through 10).
    pub const ALL: [ValuesField; 8] = [
        ValuesField::Float,
        ValuesField::Double,
        ValuesField::String,
        ValuesField::Bool,
        ValuesField::Int32,
        ValuesField::Int64,
        ValuesField::Uint32,
        ValuesField::Uint64,
    ];

    /// The protobuf field name, e.g. `"float_values"`.
    ///
    /// ```
    /// use ndarray_descriptor::proto::tables::ValuesField;
    /// assert_eq!(ValuesField::Uint64.field_name(), "uint64_values");
    /// ```
    pub const fn field_name(self) -> &'static str {
        match self {
            ValuesField::Float => "float_values",
            ValuesField::Double => "double_values",
            ValuesField::String => "string_values",
            ValuesField::Bool => "bool_values",
            ValuesField::Int32 => "int32_values",
            ValuesField::Int64 => "int64_values",
            ValuesField::Uint32 => "uint32_values",
            ValuesField::Uint64 => "uint64_values",
        }
    }

    /// The protobuf field number, 3 (`float_values`) through 10 (`uint64_values`).
    ///
    /// ```
    /// use ndarray_descriptor::proto::tables::ValuesField;
    /// assert_eq!(ValuesField::String.field_number(), 5);
    /// ```
    pub const fn field_number(self) -> u32 {
        match self {
            ValuesField::Float => 3,
            ValuesField::Double => 4,
            ValuesField::String => 5,
            ValuesField::Bool => 6,
            ValuesField::Int32 => 7,
            ValuesField::Int64 => 8,
            ValuesField::Uint32 => 9,
            ValuesField::Uint64 => 10,
        }
    }

    /// The value field with this field number (3..=10), if any.
    ///
    /// ```
    /// use ndarray_descriptor::proto::tables::ValuesField;
    /// assert_eq!(ValuesField::from_field_number(6), Some(ValuesField::Bool));
    /// assert_eq!(ValuesField::from_field_number(2), None); // `shape`
    /// ```
    pub const fn from_field_number(number: u32) -> Option<ValuesField> {
        match number {
            3 => Some(ValuesField::Float),
            4 => Some(ValuesField::Double),
            5 => Some(ValuesField::String),
            6 => Some(ValuesField::Bool),
            7 => Some(ValuesField::Int32),
            8 => Some(ValuesField::Int64),
            9 => Some(ValuesField::Uint32),
            10 => Some(ValuesField::Uint64),
            _ => None,
        }
    }

    /// The `NDArray.DType` enum value (1..=8) whose elements this field carries.
    ///
    /// ```
    /// use ndarray_descriptor::proto::tables::ValuesField;
    /// assert_eq!(ValuesField::String.dtype_enum(), 8);
    /// ```
    pub const fn dtype_enum(self) -> i32 {
        match self {
            ValuesField::Float => 1,
            ValuesField::Double => 2,
            ValuesField::Bool => 3,
            ValuesField::Int32 => 4,
            ValuesField::Int64 => 5,
            ValuesField::Uint32 => 6,
            ValuesField::Uint64 => 7,
            ValuesField::String => 8,
        }
    }

    /// The value field for an `NDArray.DType` enum value: `Some` for 1..=8,
    /// `None` for `DTYPE_UNSPECIFIED` (0) and for any value outside the enum
    /// (the enum is open on the wire; BentoML rejects those as `"<n> is invalid."`).
    ///
    /// ```
    /// use ndarray_descriptor::proto::tables::ValuesField;
    /// assert_eq!(ValuesField::from_dtype_enum(2), Some(ValuesField::Double));
    /// assert_eq!(ValuesField::from_dtype_enum(0), None);
    /// assert_eq!(ValuesField::from_dtype_enum(9), None);
    /// ```
    pub const fn from_dtype_enum(value: i32) -> Option<ValuesField> {
        match value {
            1 => Some(ValuesField::Float),
            2 => Some(ValuesField::Double),
            3 => Some(ValuesField::Bool),
            4 => Some(ValuesField::Int32),
            5 => Some(ValuesField::Int64),
            6 => Some(ValuesField::Uint32),
            7 => Some(ValuesField::Uint64),
            8 => Some(ValuesField::String),
            _ => None,
        }
    }

    /// The `NDArray.DType` enum value's name, e.g. `"DTYPE_FLOAT"`.
    ///
    /// ```
    /// use ndarray_descriptor::proto::tables::ValuesField;
    /// assert_eq!(ValuesField::Uint32.dtype_enum_name(), "DTYPE_UINT32");
    /// ```
    pub const fn dtype_enum_name(self) -> &'static str {
        match self {
            ValuesField::Float => "DTYPE_FLOAT",
            ValuesField::Double => "DTYPE_DOUBLE",
            ValuesField::String => "DTYPE_STRING",
            ValuesField::Bool => "DTYPE_BOOL",
            ValuesField::Int32 => "DTYPE_INT32",
            ValuesField::Int64 => "DTYPE_INT64",
            ValuesField::Uint32 => "DTYPE_UINT32",
            ValuesField::Uint64 => "DTYPE_UINT64",
        }
    }

    /// numpy's name for the element type: `"float32"`, `"float64"`, `"str"`,
    /// `"bool"`, `"int32"`, `"int64"`, `"uint32"`, `"uint64"`.
    ///
    /// On the encode side BentoML matches the array dtype exactly, native
    /// byte order only (`<f4`, not `>f4`), and never encodes strings (every
    /// `<Un>` is unsupported), although `string_values` decodes.
    ///
    /// ```
    /// use ndarray_descriptor::proto::tables::ValuesField;
    /// assert_eq!(ValuesField::Double.numpy_name(), "float64");
    /// assert_eq!(ValuesField::String.numpy_name(), "str");
    /// ```
    pub const fn numpy_name(self) -> &'static str {
        match self {
            ValuesField::Float => "float32",
            ValuesField::Double => "float64",
            ValuesField::String => "str",
            ValuesField::Bool => "bool",
            ValuesField::Int32 => "int32",
            ValuesField::Int64 => "int64",
            ValuesField::Uint32 => "uint32",
            ValuesField::Uint64 => "uint64",
        }
    }

    /// The value field for a numpy dtype name as returned by
    /// [`numpy_name`](Self::numpy_name); other spellings (`"<f4"`, `"f8"`,
    /// `"<U5"`) are not recognised here.
    ///
    /// ```
    /// use ndarray_descriptor::proto::tables::ValuesField;
    /// assert_eq!(ValuesField::from_numpy_name("int64"), Some(ValuesField::Int64));
    /// assert_eq!(ValuesField::from_numpy_name("int8"), None);
    /// ```
    pub fn from_numpy_name(name: &str) -> Option<ValuesField> {
        ValuesField::ALL
            .into_iter()
            .find(|f| f.numpy_name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lookup_round_trips() {
        for f in ValuesField::ALL {
            assert_eq!(ValuesField::from_dtype_enum(f.dtype_enum()), Some(f));
            assert_eq!(ValuesField::from_field_number(f.field_number()), Some(f));
            assert_eq!(ValuesField::from_numpy_name(f.numpy_name()), Some(f));
            assert!(f.field_name().ends_with("_values"));
            assert!(f.dtype_enum_name().starts_with("DTYPE_"));
        }
        let enums: Vec<i32> = (1..=8).collect();
        let mut seen: Vec<i32> = ValuesField::ALL.iter().map(|f| f.dtype_enum()).collect();
        seen.sort_unstable();
        assert_eq!(seen, enums);
        for bad in [i32::MIN, -1, DTYPE_UNSPECIFIED, 9, i32::MAX] {
            assert_eq!(ValuesField::from_dtype_enum(bad), None);
        }
    }

    #[test]
    fn all_is_in_field_number_order() {
        let numbers: Vec<u32> = ValuesField::ALL.iter().map(|f| f.field_number()).collect();
        assert_eq!(numbers, (3..=10).collect::<Vec<_>>());
        let mut sorted = ValuesField::ALL;
        sorted.sort();
        assert_eq!(sorted, ValuesField::ALL);
    }
}
