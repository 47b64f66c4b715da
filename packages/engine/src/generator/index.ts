/**
 * @attain/engine/generator — deterministic test and demo data (an org, goals and facts). Not
 * part of the engine's public index: payouts never depend on it; benchmarks, tests and the
 * API's demo seed import it from this subpath.
 */
export {
  type Dataset,
  GENERATED_GOALS,
  type GenerateDatasetOptions,
  generateDataset,
} from './generate-dataset.js';
export { createRandom, type Random } from './random.js';
