export declare const subresourceIntegrity: (content: string | Uint8Array) => string;
export declare const scriptTag: (tag: { src: string; integrity: string; config: string }) => string;
export declare const PRELOADER: string;
export declare const PRELOADER_CSP_SOURCE: string;
export declare const preloaderTag: (part: { src: string; integrity: string }) => string;
export declare const partIntegrity: (content: string | Uint8Array) => string;
