// Public exports of src/eval (re-exports only).
export {};
