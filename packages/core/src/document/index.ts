// Editor-independent logic for policy JSON files: what a file is, where a finding is, mechanical fixes.
export * from './classify-policy';
export * from './locate-path';
export * from './quick-fixes';
export * from './analyze-policy-file';
export * from './file-share';
export * from './fix-all';
