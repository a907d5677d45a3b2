// The write guard: what may be written, checked immediately before each write.
export * from './write-scope';
export * from './write-guard';
