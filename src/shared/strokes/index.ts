/** Stroke digits: the generator, its styles and the scoring of a model on them (pure; page, worker, scripts and tests share it). */
export { HELD_OUT, StrokeSetError, checkOptions, heldOutSet, mixSeed, strokeDigit, strokeSet, toInputs, type Part, type StrokeDigit, type StrokeSetOptions } from './generate';
export { STYLES, STYLES_BY_DIGIT, type DigitStyle } from './styles';
export { sampleWriter, type Device, type Writer } from './writer';
export { formatReport, scoreSet, type ClassScore, type ConfusionPair, type SetReport } from './report';
