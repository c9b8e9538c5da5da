import { CascadeEngine } from './cascade-engine';
import { OCR_ENGINE_NAMES, type OcrEngine, type OcrEngineName } from './ocr-engine';
import { PaddleEngine } from './paddle-engine';
import { TesseractEngine } from './tesseract-engine';
import { TextractEngine } from './textract-engine';
import { todayUtc } from '../receipt-reader';

/** The default engine (bench/README.md, "Receipt OCR", says why). */
export const DEFAULT_OCR_ENGINE: OcrEngineName = 'cascade';

/**
 * The OCR engine OCR_ENGINE names (the default when unset); anything else is refused at start.
 * `region` is Textract's (the composition root passes the Config's).
 */
export function ocrEngineNamed(name: string | undefined, options: { region?: string } = {}): OcrEngine {
  const engine = (name ?? DEFAULT_OCR_ENGINE) as OcrEngineName;
  switch (engine) {
    case 'tesseract':
      return new TesseractEngine();
    case 'paddle':
      return new PaddleEngine();
    case 'cascade':
      return new CascadeEngine(new PaddleEngine(), new TesseractEngine(), () => ({ today: todayUtc() }));
    case 'textract':
      return new TextractEngine(options.region === undefined ? {} : { region: options.region });
    default:
      throw new Error(
        `OCR_ENGINE must be one of ${OCR_ENGINE_NAMES.join(', ')}, not ${JSON.stringify(name)}`,
      );
  }
}
