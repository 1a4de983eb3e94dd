// Public exports of src/cluster (re-exports only).
export {};
