// Public exports of src/eval (re-exports only).
export * from "./synthetic-sequence.js";
