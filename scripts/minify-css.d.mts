export declare const minifyCss: (css: string) => string;
