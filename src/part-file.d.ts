export declare const partFile: (name: string, hash: string) => string;
export declare const PART_FILE: RegExp;
