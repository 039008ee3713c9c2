// The type of 'refund-estimator/refund_estimator_bg.wasm' where a bundler turns the import into
// the file's URL (esbuild `--loader:.wasm=file`; see the README): pass it to init().
//   import wasmUrl from 'refund-estimator/refund_estimator_bg.wasm';
//   await init({ module_or_path: new URL(wasmUrl, import.meta.url) });

/** The URL of the emitted file, relative to the bundle (esbuild) or absolute. */
declare const url: string;
export default url;
