//! tract's answers against scikit-learn's: every row of `model/reference.json` (written with the
//! model by `scripts/train-iris-onnx.py`, from `predict` and `predict_proba`), in one call of
//! all 150 rows and in calls of one row, so the symbolic batch dimension is planned for both.

use ndarray::Array2;
use serde_json::Value;
use tract_iris::{CLASSES, FEATURES, IrisModel};

struct Reference {
    x: Array2<f32>,
    label: Vec<i64>,
    proba: Array2<f64>,
    tolerance: f64,
}

fn reference() -> Reference {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/model/reference.json");
    let text = std::fs::read_to_string(path).expect("model/reference.json");
    let doc: Value = serde_json::from_str(&text).expect("reference.json is JSON");
    let rows = doc["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 150, "load_iris has 150 rows");
    let numbers = |v: &Value, n: usize| -> Vec<f64> {
        let a = v.as_array().expect("an array of numbers");
        assert_eq!(a.len(), n);
        a.iter().map(|x| x.as_f64().expect("a number")).collect()
    };
    let mut x = Array2::zeros((rows.len(), FEATURES));
    let mut proba = Array2::zeros((rows.len(), CLASSES.len()));
    let mut label = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        // The script writes each input as the float32 the graph saw, in float64 text.
        for (j, v) in numbers(&row["input"], FEATURES).into_iter().enumerate() {
            x[[i, j]] = v as f32;
            assert_eq!(
                x[[i, j]] as f64,
                v,
                "row {i}: input {j} is not a float32 value"
            );
        }
        for (j, p) in numbers(&row["probabilities"], CLASSES.len())
            .into_iter()
            .enumerate()
        {
            proba[[i, j]] = p;
        }
        label.push(row["label"].as_i64().expect("label"));
    }
    let tolerance = doc["proba_tolerance"].as_f64().expect("proba_tolerance");
    assert!(
        tolerance > 0.0 && tolerance <= 1e-5,
        "tolerance {tolerance}"
    );
    Reference {
        x,
        label,
        proba,
        tolerance,
    }
}

/// The largest |tract − scikit-learn| over the probabilities, after checking every class.
fn compare(label: &[i64], proba: &Array2<f32>, r: &Reference, rows: std::ops::Range<usize>) -> f64 {
    assert_eq!(label, &r.label[rows.clone()], "classes of rows {rows:?}");
    assert_eq!(proba.dim(), (rows.len(), CLASSES.len()));
    let mut worst = 0.0f64;
    for (i, row) in rows.clone().enumerate() {
        for j in 0..CLASSES.len() {
            let err = (proba[[i, j]] as f64 - r.proba[[row, j]]).abs();
            assert!(
                err <= r.tolerance,
                "row {row} class {j}: tract {} vs scikit-learn {} (|diff| {err:.3e} > {})",
                proba[[i, j]],
                r.proba[[row, j]],
                r.tolerance
            );
            worst = worst.max(err);
        }
    }
    worst
}

#[test]
fn every_row_in_one_call_matches_scikit_learn() {
    let r = reference();
    let (label, proba) = IrisModel::bundled().unwrap().run(r.x.view()).unwrap();
    let worst = compare(label.as_slice().unwrap(), &proba, &r, 0..150);
    eprintln!(
        "tract vs scikit-learn, 150 rows in one call: classes equal, |proba diff| <= {worst:.2e}"
    );
    // All three classes occur, so a model answering one class everywhere cannot pass.
    for c in 0..CLASSES.len() as i64 {
        assert!(label.iter().any(|&l| l == c), "class {c} never predicted");
    }
}

#[test]
fn one_row_calls_and_uneven_batches_match_scikit_learn() {
    let r = reference();
    let model = IrisModel::bundled().unwrap();
    // Three calls of one row, then 7, 64 and the 76 rows left: one plan, several sizes.
    let mut start = 0;
    for n in [1, 1, 1, 7, 64, 76] {
        let rows = start..start + n;
        let x = r.x.slice(ndarray::s![rows.clone(), ..]);
        let (label, proba) = model.run(x).unwrap();
        compare(label.as_slice().unwrap(), &proba, &r, rows);
        start += n;
    }
    assert_eq!(start, 150);
}
