export declare const partFile: (name: string, hash: string) => string;
export declare const PART_FILE: RegExp;
export declare const coreFile: (hash: string) => string;
export declare const CORE_FILE: RegExp;
