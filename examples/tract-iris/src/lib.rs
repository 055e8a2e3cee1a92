//! An iris classifier trained by scikit-learn, exported to ONNX, run with [`tract`] and served
//! through `ndarray-descriptor` as BentoML's iris quickstart is: `cargo run --release` here.
//!
//! The model (`model/iris.onnx`, written by `scripts/train-iris-onnx.sh` at the repository's
//! root) is a `StandardScaler` and an `MLPClassifier` (4 → 16 ReLU → 3 softmax) in plain
//! ONNX ops. Its input is float32 `[N, 4]` with `N` symbolic, so [`IrisModel`] plans the graph
//! once, optimized and typed, and the same plan runs a request of one row and a batch of 64.
//!
//! [`service`] declares three APIs with the same descriptors as the crate's own example
//! (`examples/serve.rs`): float32 `(-1, 4)` with `enforce_dtype` in,
//!
//! - `classify`: the class per row, int64 `(-1,)`, one model call per request;
//! - `classify_batch`: `classify` declared batchable (`Api::with_batching`): concurrent
//!   requests are merged along their rows into one model call;
//! - `predict_proba`: the probabilities, float32 `(-1, 3)`.
//!
//! [`tract`]: tract_onnx

use std::sync::Arc;

use ndarray::{Array1, Array2, ArrayView2};
use ndarray_descriptor::batch::Batching;
use ndarray_descriptor::http::{Api, Service};
use ndarray_descriptor::{DType, DynArray, Error, NumpyNdarray, Result, format_tuple};
use tract_onnx::prelude::{
    Framework, InferenceModelExt, IntoRunnable, IntoTValue, Tensor, TypedRunnableModel, tvec,
};

/// The committed model, `model/iris.onnx` (about 1 KB), built into the binary.
pub const BUNDLED_ONNX: &[u8] = include_bytes!("../model/iris.onnx");

/// The class names, in the order of the model's outputs.
pub const CLASSES: [&str; 3] = ["setosa", "versicolor", "virginica"];

/// The features per row: sepal length, sepal width, petal length, petal width (cm).
pub const FEATURES: usize = 4;

/// The ONNX model as tract's runnable plan, shared by every call.
#[derive(Clone)]
pub struct IrisModel {
    plan: Arc<TypedRunnableModel>,
}

impl std::fmt::Debug for IrisModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IrisModel")
            .field("nodes", &self.plan.model().nodes().len())
            .finish()
    }
}

impl IrisModel {
    /// The model built into the binary ([`BUNDLED_ONNX`]).
    ///
    /// # Errors
    /// As [`IrisModel::from_onnx`].
    pub fn bundled() -> Result<IrisModel> {
        IrisModel::from_onnx(BUNDLED_ONNX)
    }

    /// Loads an ONNX model with the iris graph's interface (input float32 `[N, 4]`; outputs
    /// `label` int64 `[N]` and `probabilities` float32 `[N, 3]`), then optimizes and plans it.
    ///
    /// # Errors
    /// An internal error with tract's message when the bytes are not an ONNX model tract can
    /// load and plan, or when its interface is not the one above.
    pub fn from_onnx(bytes: &[u8]) -> Result<IrisModel> {
        let plan = tract_onnx::onnx()
            .model_for_read(&mut &bytes[..])
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(|e| Error::internal(format!("cannot load the ONNX model: {e:#}")))?;
        let model = IrisModel { plan };
        // One row through the plan: a model with another interface fails here, at start-up,
        // rather than on the first request.
        model.run(Array2::<f32>::zeros((1, FEATURES)).view())?;
        Ok(model)
    }

    /// Runs the model on `x` (rows of [`FEATURES`] values): the class of each row and its
    /// probabilities.
    ///
    /// # Errors
    /// A bad-input error when `x` does not have [`FEATURES`] columns; an internal error when
    /// tract fails or answers another shape.
    pub fn run(&self, x: ArrayView2<'_, f32>) -> Result<(Array1<i64>, Array2<f32>)> {
        let rows = x.nrows();
        if x.ncols() != FEATURES {
            return Err(shape_error(x.shape()));
        }
        if rows == 0 {
            // numpy's answer for no rows; tract is not asked to plan a zero-sized batch.
            return Ok((Array1::zeros(0), Array2::zeros((0, CLASSES.len()))));
        }
        let input = match x.as_slice() {
            Some(s) => Tensor::from_shape(&[rows, FEATURES], s),
            None => Tensor::from_shape(&[rows, FEATURES], &x.iter().copied().collect::<Vec<_>>()),
        }
        .map_err(|e| Error::internal(format!("cannot make the model's input: {e:#}")))?;
        let outputs = self
            .plan
            .run(tvec!(input.into_tvalue()))
            .map_err(|e| Error::internal(format!("the model failed: {e:#}")))?;
        let (label, proba) = match &outputs[..] {
            [label, proba] => (label, proba),
            other => {
                return Err(Error::internal(format!(
                    "the model answered {} outputs, expected 2 (label, probabilities)",
                    other.len()
                )));
            }
        };
        let label = label
            .to_plain_array_view::<i64>()
            .ok()
            .and_then(|a| a.into_dimensionality().ok())
            .filter(|a: &ndarray::ArrayView1<'_, i64>| a.len() == rows);
        let proba = proba
            .to_plain_array_view::<f32>()
            .ok()
            .and_then(|a| a.into_dimensionality().ok())
            .filter(|a: &ArrayView2<'_, f32>| a.dim() == (rows, CLASSES.len()));
        match (label, proba) {
            (Some(l), Some(p)) => Ok((l.to_owned(), p.to_owned())),
            _ => Err(Error::internal(format!(
                "the model's outputs are not int64 ({rows},) and float32 ({rows}, 3)"
            ))),
        }
    }

    /// `classify`: the class index of each row, int64 `(-1,)`.
    ///
    /// # Errors
    /// As [`IrisModel::run`] (the descriptor has already checked the dtype and shape).
    pub fn classify(&self, x: &DynArray) -> Result<DynArray> {
        let (label, _) = self.run(features(x)?)?;
        Ok(DynArray::from(label.into_dyn()))
    }

    /// `predict_proba`: the probabilities of each row, float32 `(-1, 3)`.
    ///
    /// # Errors
    /// As [`IrisModel::run`].
    pub fn predict_proba(&self, x: &DynArray) -> Result<DynArray> {
        let (_, proba) = self.run(features(x)?)?;
        Ok(DynArray::from(proba.into_dyn()))
    }
}

/// The validated input as rows of [`FEATURES`]; anything else is BentoML's shape message.
fn features(x: &DynArray) -> Result<ArrayView2<'_, f32>> {
    x.as_array::<f32>()
        .and_then(|a| a.view().into_dimensionality().ok())
        .filter(|m: &ArrayView2<'_, f32>| m.ncols() == FEATURES)
        .ok_or_else(|| shape_error(x.shape()))
}

#[cold]
fn shape_error(shape: &[usize]) -> Error {
    Error::bad_input(format!(
        "NumpyNdarray: Expecting ndarray of shape \"(-1, 4)\", but \"{}\" was received.",
        format_tuple(shape.iter().map(|&d| d as i64))
    ))
}

/// The input descriptor of every API: float32 `(-1, 4)`, `enforce_dtype`.
///
/// # Errors
/// None in practice (the builder's arguments are fixed); the builder's own errors otherwise.
pub fn input_descriptor() -> Result<NumpyNdarray> {
    NumpyNdarray::builder()
        .dtype(DType::FLOAT32)
        .shape([-1, FEATURES as i64])
        .enforce_dtype(true)
        .build()
}

/// Service `iris_classifier` with `classify`, `classify_batch` (batchable with `batching`)
/// and `predict_proba`, each model call on the blocking pool behind the service's guards
/// (set them with [`Service::with_guards`] on the result).
///
/// # Errors
/// As [`input_descriptor`].
pub fn service(model: IrisModel, batching: Batching) -> Result<Service> {
    let input = input_descriptor()?;
    let classes = NumpyNdarray::builder()
        .dtype(DType::INT64)
        .shape([-1])
        .build()?;
    let proba = NumpyNdarray::builder()
        .dtype(DType::FLOAT32)
        .shape([-1, CLASSES.len() as i64])
        .build()?;
    let (m1, m2, m3) = (model.clone(), model.clone(), model);
    Ok(Service::new("iris_classifier")
        .blocking_api(
            Api::new("classify", input.clone(), classes.clone()),
            move |x: DynArray| m1.classify(&x),
        )
        .blocking_api(
            Api::new("classify_batch", input.clone(), classes).with_batching(batching),
            move |x: DynArray| m2.classify(&x),
        )
        .blocking_api(
            Api::new("predict_proba", input, proba),
            move |x: DynArray| m3.predict_proba(&x),
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_columns_are_bad_input() {
        let model = IrisModel::bundled().unwrap();
        let err = model.run(Array2::<f32>::zeros((2, 3)).view()).unwrap_err();
        assert_eq!(err.kind(), ndarray_descriptor::ErrorKind::BadInput);
        assert_eq!(
            err.message(),
            "NumpyNdarray: Expecting ndarray of shape \"(-1, 4)\", but \"(2, 3)\" was received."
        );
    }

    #[test]
    fn zero_rows_answer_empty_arrays() {
        let model = IrisModel::bundled().unwrap();
        let (label, proba) = model.run(Array2::<f32>::zeros((0, 4)).view()).unwrap();
        assert_eq!((label.len(), proba.dim()), (0, (0, 3)));
    }

    #[test]
    fn not_onnx_is_an_internal_error() {
        let err = IrisModel::from_onnx(b"not a model").unwrap_err();
        assert_eq!(err.kind(), ndarray_descriptor::ErrorKind::Internal);
        assert!(
            err.message().starts_with("cannot load the ONNX model: "),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_strided_view_is_read_in_row_order() {
        let model = IrisModel::bundled().unwrap();
        // Rows of setosa and virginica, passed as the transpose of a (4, 2) array.
        let t = ndarray::arr2(&[[5.1f32, 6.3], [3.5, 3.3], [1.4, 6.0], [0.2, 2.5]]);
        let (label, _) = model.run(t.t()).unwrap();
        assert_eq!(label.to_vec(), vec![0, 2]);
    }
}
