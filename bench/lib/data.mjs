// Filling a benchmark server: the test helpers' gateway writers.
export { putKeys, putOne, dbSize } from '../../test/helpers/fill.mjs';
