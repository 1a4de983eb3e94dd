// Public exports of src/segment (re-exports only).
export {};
