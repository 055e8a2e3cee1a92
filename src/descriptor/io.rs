//! The descriptor on the wire: every `from_*` / `to_*` method of [`NumpyNdarray`], each a
//! transport's decoder or encoder with [`NumpyNdarray::validate`] on the array.
//!
//! The transports ([`json`](crate::json), [`proto`](crate::proto), [`raw`](crate::raw),
//! [`npy`](crate::npy), `arrow`) know nothing of the descriptor: a decoder takes the bytes, what
//! the bytes cannot say (the dtype as a parse hint, or the dtype of raw data) and [`Limits`], and
//! returns a [`DynArray`]; an encoder takes a [`DynArray`]. The methods here add the one thing
//! BentoML's descriptor adds, validation, in the order BentoML applies it.
//!
//! Names follow one rule: a method ending in `_with` takes explicit [`Limits`] and the one
//! without it uses [`Limits::default()`]; `to_json_using` takes the JSON encoder's
//! [`EncodeOptions`](crate::json::EncodeOptions).

use crate::array::DynArray;
use crate::descriptor::NumpyNdarray;
use crate::error::{Error, Result};
use crate::json::{self, EncodeOptions};
use crate::limits::Limits;
use crate::proto::{self, Decoded, v1};
use crate::{npy, raw};

/// JSON: BentoML's `from_http_request` / `to_http_response`.
impl NumpyNdarray {
    /// Decode a JSON request body as BentoML's `from_http_request` does: [`json::decode`] with
    /// this descriptor's dtype as the hint, then [`NumpyNdarray::validate`], with default
    /// [`Limits`].
    ///
    /// ```
    /// use ndarray_descriptor::{DType, NumpyNdarray};
    /// let desc = NumpyNdarray::builder().dtype(DType::INT64).build()?;
    /// let arr = desc.from_json(b"[1.9, -1.9]")?;
    /// assert_eq!(arr.as_array::<i64>().unwrap().as_slice(), Some(&[1i64, -1][..]));
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`json::decode`], then as [`NumpyNdarray::validate`].
    pub fn from_json(&self, body: &[u8]) -> Result<DynArray> {
        self.from_json_with(body, &Limits::default())
    }

    /// [`NumpyNdarray::from_json`] with explicit [`Limits`].
    ///
    /// # Errors
    /// As [`NumpyNdarray::from_json`].
    pub fn from_json_with(&self, body: &[u8], limits: &Limits) -> Result<DynArray> {
        self.validate(json::decode(body, self.dtype(), limits)?)
    }

    /// Encode a handler's array as BentoML's `to_http_response` does:
    /// [`NumpyNdarray::validate`], then [`json::encode`]
    /// (`json.dumps(validate_array(arr).tolist())`). The body's media type is
    /// `application/json` ([`MIME_TYPE`](crate::MIME_TYPE)).
    ///
    /// ```
    /// use ndarray_descriptor::{DType, DynArray, NumpyNdarray};
    /// let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 2]).build()?;
    /// let out = DynArray::from(ndarray::arr1(&[1i64, 2, 3, 4]).into_dyn());
    /// assert_eq!(desc.to_json(out)?, b"[[1.0, 2.0], [3.0, 4.0]]");
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`NumpyNdarray::validate`] (an enforce flag the array does not meet), then as
    /// [`json::encode`].
    pub fn to_json(&self, arr: DynArray) -> Result<Vec<u8>> {
        self.to_json_using(arr, &EncodeOptions::default())
    }

    /// [`NumpyNdarray::to_json`] written with [`EncodeOptions`] (a compact style, strict JSON).
    ///
    /// # Errors
    /// As [`NumpyNdarray::to_json`], then as [`json::encode_using`].
    pub fn to_json_using(&self, arr: DynArray, options: &EncodeOptions) -> Result<Vec<u8>> {
        json::encode_using(&self.validate(arr)?, options)
    }
}

/// Protobuf: BentoML's `from_proto` / `to_proto` for an `NDArray` message.
impl NumpyNdarray {
    /// BentoML's `from_proto` for an `NDArray` request: [`proto::decode`], then
    /// [`validate`](NumpyNdarray::validate) — except for a message with no dtype and no
    /// values, which the reference returns as `np.empty(shape)` without validating.
    ///
    /// ```
    /// use ndarray_descriptor::{DType, NumpyNdarray};
    /// let desc = NumpyNdarray::builder().dtype(DType::FLOAT64).build()?;
    /// // int32_values [1, 2], no dtype: inferred int32, then cast to float64
    /// let arr = desc.from_proto(&[0x3a, 0x02, 0x01, 0x02])?;
    /// assert_eq!(arr.dtype(), DType::FLOAT64);
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`proto::decode`] (with default [`Limits`]) and as
    /// [`validate`](NumpyNdarray::validate).
    pub fn from_proto(&self, bytes: &[u8]) -> Result<DynArray> {
        self.from_proto_with(bytes, &Limits::default())
    }

    /// [`from_proto`](NumpyNdarray::from_proto) with explicit [`Limits`].
    ///
    /// # Errors
    /// As [`from_proto`](NumpyNdarray::from_proto).
    pub fn from_proto_with(&self, bytes: &[u8], limits: &Limits) -> Result<DynArray> {
        self.validate_decoded(proto::decode_wire(bytes, limits)?)
    }

    /// [`from_proto`](NumpyNdarray::from_proto) for a message prost has already decoded.
    ///
    /// # Errors
    /// As [`proto::from_message`] and [`validate`](NumpyNdarray::validate).
    pub fn from_proto_message(&self, msg: &v1::NdArray) -> Result<DynArray> {
        self.from_proto_message_with(msg, &Limits::default())
    }

    /// [`from_proto_message`](NumpyNdarray::from_proto_message) with explicit [`Limits`].
    ///
    /// # Errors
    /// As [`from_proto_message`](NumpyNdarray::from_proto_message).
    pub fn from_proto_message_with(&self, msg: &v1::NdArray, limits: &Limits) -> Result<DynArray> {
        self.validate_decoded(proto::decode_message(msg, limits)?)
    }

    /// The reference validates an array built from values, and returns its `np.empty(shape)`
    /// for a message without values as it is.
    fn validate_decoded(&self, decoded: Decoded) -> Result<DynArray> {
        match decoded {
            Decoded::Values(arr) => self.validate(arr),
            Decoded::NoValues(arr) => Ok(arr),
        }
    }

    /// BentoML's `to_proto`: [`validate`](NumpyNdarray::validate) the response array, then
    /// [`proto::encode`].
    ///
    /// ```
    /// use ndarray::{ArrayD, IxDyn};
    /// use ndarray_descriptor::{DType, DynArray, NumpyNdarray, ErrorKind};
    /// let arr = DynArray::from(ArrayD::from_shape_vec(IxDyn(&[2]), vec![1.0f64, 2.0]).unwrap());
    /// let bytes = NumpyNdarray::new().to_proto(arr.clone())?;
    /// assert_eq!(&bytes[..2], &[0x08, 0x02]); // DTYPE_DOUBLE
    /// // float16 has no NDArray field: the reference refuses it
    /// let desc = NumpyNdarray::builder().dtype(DType::FLOAT16).build()?;
    /// let err = desc.to_proto(arr).unwrap_err();
    /// assert_eq!(err.message(), "Unsupported dtype 'float16' for response message.");
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`validate`](NumpyNdarray::validate) and [`proto::encode`].
    pub fn to_proto(&self, arr: DynArray) -> Result<Vec<u8>> {
        proto::encode(&self.validate(arr)?)
    }

    /// [`to_proto`](NumpyNdarray::to_proto) as a prost message, for tonic handlers.
    ///
    /// # Errors
    /// As [`to_proto`](NumpyNdarray::to_proto).
    pub fn to_proto_message(&self, arr: DynArray) -> Result<v1::NdArray> {
        proto::to_message(&self.validate(arr)?)
    }
}

/// Raw bytes: BentoML's `from_proto` for the `serialized_bytes` field.
impl NumpyNdarray {
    /// BentoML's `from_proto` for the `serialized_bytes` field: `np.frombuffer(bytes,
    /// dtype=self.dtype)` (see [`raw::decode`]), then [`NumpyNdarray::validate`], with default
    /// [`Limits`].
    ///
    /// ```
    /// use ndarray_descriptor::NumpyNdarray;
    /// let desc = NumpyNdarray::builder().dtype_str("<f4").shape([-1, 2]).build()?;
    /// let bytes: Vec<u8> = [1.0f32, 2.0, 3.0, 4.0].iter().flat_map(|x| x.to_le_bytes()).collect();
    /// let arr = desc.from_serialized_bytes(&bytes)?;
    /// assert_eq!(arr.shape(), &[2, 2]);
    /// let err = NumpyNdarray::new().from_serialized_bytes(&bytes).unwrap_err();
    /// assert_eq!(err.message(), "'serialized_bytes' requires specifying 'dtype'.");
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) `'serialized_bytes' requires
    /// specifying 'dtype'.` (BentoML's message) without a descriptor dtype; the errors of
    /// [`raw::decode`] and of `validate`.
    pub fn from_serialized_bytes(&self, bytes: &[u8]) -> Result<DynArray> {
        self.from_serialized_bytes_with(bytes, &Limits::default())
    }

    /// [`NumpyNdarray::from_serialized_bytes`] with explicit [`Limits`].
    ///
    /// # Errors
    /// As [`NumpyNdarray::from_serialized_bytes`].
    pub fn from_serialized_bytes_with(&self, bytes: &[u8], limits: &Limits) -> Result<DynArray> {
        let dtype = self
            .dtype
            .ok_or_else(|| Error::bad_input("'serialized_bytes' requires specifying 'dtype'."))?;
        self.validate(raw::decode(bytes, dtype, limits)?)
    }
}

/// `.npy` bodies (an addition to the reference's transports).
impl NumpyNdarray {
    /// Read an `application/x-npy` body: [`npy::decode`] with default [`Limits`], then
    /// [`NumpyNdarray::validate`] (the same cast and reshape rules as every other transport).
    ///
    /// # Errors
    /// The errors of [`npy::decode`] and of `validate`.
    pub fn from_npy(&self, bytes: &[u8]) -> Result<DynArray> {
        self.from_npy_with(bytes, &Limits::default())
    }

    /// [`NumpyNdarray::from_npy`] with explicit [`Limits`].
    ///
    /// # Errors
    /// As [`NumpyNdarray::from_npy`].
    pub fn from_npy_with(&self, bytes: &[u8], limits: &Limits) -> Result<DynArray> {
        self.validate(npy::decode(bytes, limits)?)
    }
}

/// Arrow record batches: BentoML's `from_arrow` / `to_arrow` (batch inference).
#[cfg(feature = "arrow")]
#[cfg_attr(docsrs, doc(cfg(feature = "arrow")))]
impl NumpyNdarray {
    /// BentoML's `to_arrow`: `arr` as a record batch with one nullable column `output`. The
    /// descriptor is not applied (BentoML's is not either). See
    /// [`arrow::to_record_batch`](crate::arrow::to_record_batch).
    ///
    /// # Errors
    /// As [`arrow::to_record_batch`](crate::arrow::to_record_batch).
    pub fn to_arrow(&self, arr: &DynArray) -> Result<crate::arrow::RecordBatch> {
        crate::arrow::to_record_batch(arr)
    }

    /// BentoML's `from_arrow`: `batch.to_pandas().to_numpy()`, a 2-D array of every column. The
    /// descriptor is not applied (BentoML's is not either). See
    /// [`arrow::from_record_batch`](crate::arrow::from_record_batch).
    ///
    /// # Errors
    /// As [`arrow::from_record_batch`](crate::arrow::from_record_batch).
    pub fn from_arrow(&self, batch: &crate::arrow::RecordBatch) -> Result<DynArray> {
        crate::arrow::from_record_batch(batch)
    }

    /// An Arrow IPC stream request body (`application/vnd.apache.arrow.stream`, an addition:
    /// BentoML has no such transport): [`arrow::decode_stream`](crate::arrow::decode_stream)
    /// (every batch, concatenated along the rows, as `from_arrow` reads one), then
    /// [`NumpyNdarray::validate`], with default [`Limits`].
    ///
    /// # Errors
    /// As [`arrow::decode_stream`](crate::arrow::decode_stream), then as
    /// [`NumpyNdarray::validate`].
    pub fn from_arrow_stream(&self, bytes: &[u8]) -> Result<DynArray> {
        self.from_arrow_stream_with(bytes, &Limits::default())
    }

    /// [`NumpyNdarray::from_arrow_stream`] with explicit [`Limits`].
    ///
    /// # Errors
    /// As [`NumpyNdarray::from_arrow_stream`].
    pub fn from_arrow_stream_with(&self, bytes: &[u8], limits: &Limits) -> Result<DynArray> {
        self.validate(crate::arrow::decode_stream(bytes, limits)?)
    }

    /// A handler's array as an Arrow IPC stream answer: [`NumpyNdarray::validate`], then
    /// `to_arrow`'s batch (one column `output`; N-d arrays as `arrow.fixed_shape_tensor`)
    /// written by [`arrow::to_ipc_stream`](crate::arrow::to_ipc_stream).
    ///
    /// ```
    /// use ndarray_descriptor::{DType, DynArray, NumpyNdarray, arrow};
    /// let desc = NumpyNdarray::builder().dtype(DType::INT64).shape([-1]).build()?;
    /// let bytes = desc.to_arrow_stream(DynArray::from(ndarray::arr1(&[2i64, 0]).into_dyn()))?;
    /// let batch = arrow::from_ipc_stream(&bytes)?;
    /// assert_eq!((batch.schema().field(0).name().as_str(), batch.num_rows()), ("output", 2));
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`NumpyNdarray::validate`], then as
    /// [`arrow::to_record_batch`](crate::arrow::to_record_batch).
    pub fn to_arrow_stream(&self, arr: DynArray) -> Result<Vec<u8>> {
        let arr = self.validate(arr)?;
        crate::arrow::to_ipc_stream(&crate::arrow::to_record_batch(&arr)?)
    }
}
