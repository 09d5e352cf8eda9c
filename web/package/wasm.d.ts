// `import wasmUrl from 'leadscore/leadscore-core.wasm'`: a bundler's file or URL loader (esbuild
// `--loader:.wasm=file`, Vite `?url`) turns the import into the URL it copied the wasm to; pass it
// to init() or createEngine() as `wasmUrl`.
declare const wasmUrl: string;
export default wasmUrl;
