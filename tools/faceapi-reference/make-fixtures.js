// Runs the reference implementation of face-api 1.7.15 (TF.js 4.22.0, pure-JS "cpu" backend) on
// public-domain images and writes what EmoStream's Java port must reproduce.
//
//   cd tools/faceapi-reference && npm ci --ignore-scripts && node make-fixtures.js
//
// Input:  model-training/src/main/resources/io/emostream/model/sample/astronaut.png (NASA, public domain),
//         cropped to a few rectangles so that square, landscape and portrait inputs are covered.
// Models: the vendored copies under model-training/src/main/resources/io/emostream/model/faceapi/.
// Output: model-training/src/test/resources/io/emostream/model/faceapi/reference.json
//         + <case>_tiny_head_13x13x25_f32le.bin (raw detector output) and
//           <case>_expression_input_112x112x3_f32le.bin (network input of the whole-image case).
const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const root = path.resolve(__dirname, '..', '..');
const modelDir = path.join(root, 'model-training/src/main/resources/io/emostream/model/faceapi');
const outDir = path.join(root, 'model-training/src/test/resources/io/emostream/model/faceapi');
const imagePath = path.join(root, 'model-training/src/main/resources/io/emostream/model/sample/astronaut.png');

// [x, y, width, height] of astronaut.png; the Java test cuts the same rectangles.
const CASES = {
  square: [0, 0, 512, 512],
  landscape: [0, 20, 512, 333],
  portrait: [90, 0, 301, 512],
};

function loadRgb(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
    rgb[j] = png.data[i]; rgb[j + 1] = png.data[i + 1]; rgb[j + 2] = png.data[i + 2];
  }
  return { width: png.width, height: png.height, rgb };
}

function writeF32(name, tensor) {
  const data = tensor.dataSync();
  fs.writeFileSync(path.join(outDir, name), Buffer.from(new Float32Array(data).buffer));
  return name;
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  await faceapi.nets.faceExpressionNet.loadFromDisk(modelDir);
  fs.mkdirSync(outDir, { recursive: true });

  const image = loadRgb(imagePath);
  const full = tf.tensor3d(image.rgb, [image.height, image.width, 3], 'int32');
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 });
  const result = {
    generator: 'tools/faceapi-reference/make-fixtures.js',
    reference: { 'face-api': '1.7.15', tfjs: tf.version.tfjs, backend: tf.getBackend() },
    image: 'astronaut.png',
    detector: { inputSize: 416, scoreThreshold: 0.5, iouThreshold: 0.4 },
    classes: faceapi.FACE_EXPRESSION_LABELS,
    cases: {},
  };

  for (const [name, [x, y, w, h]] of Object.entries(CASES)) {
    const img = tf.slice3d(full, [y, x, 0], [h, w, 3]);
    const netInput = await faceapi.toNetInput(img);

    // Raw detector head for this image (before decoding), for debugging the network itself.
    const head = faceapi.nets.tinyFaceDetector.forwardInput(netInput, 416);
    const headFile = writeF32(`${name}_tiny_head_13x13x25_f32le.bin`, head);

    const detections = await faceapi.detectAllFaces(img, options);
    const faces = [];
    for (const det of detections) {
      const [crop] = await faceapi.extractFaceTensors(img, [det]);
      const logits = faceapi.nets.faceExpressionNet.runNet(await faceapi.toNetInput(crop));
      const probs = tf.softmax(logits);
      faces.push({
        box: [det.box.x, det.box.y, det.box.width, det.box.height],
        score: det.score,
        cropShape: crop.shape,
        logits: Array.from(logits.dataSync()),
        probabilities: Array.from(probs.dataSync()),
      });
    }

    // --detector none: the whole image is the face crop.
    const wholeInput = await faceapi.toNetInput(img);
    const batch = wholeInput.toBatchTensor(112, true);
    const logits = faceapi.nets.faceExpressionNet.runNet(wholeInput);
    const whole = {
      logits: Array.from(logits.dataSync()),
      probabilities: Array.from(tf.softmax(logits).dataSync()),
    };
    result.cases[name] = { rect: [x, y, w, h], tinyHead: headFile, faces, wholeImage: whole };
    if (name === 'landscape') {
      // Network input (after pad, legacy resize, mean and /255) of a non-square image.
      const normalized = batch.toFloat().sub(tf.tensor1d([122.782, 117.001, 104.298])).div(255);
      result.cases[name].wholeImage.input = writeF32(`${name}_expression_input_112x112x3_f32le.bin`, normalized);
    }
  }
  fs.writeFileSync(path.join(outDir, 'reference.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${path.relative(root, outDir)}/reference.json`);
  for (const [name, c] of Object.entries(result.cases)) {
    console.log(name, c.faces.map((f) => `box ${f.box.map((v) => v.toFixed(2))} score ${f.score.toFixed(4)} top ${result.classes[f.probabilities.indexOf(Math.max(...f.probabilities))]}`));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
