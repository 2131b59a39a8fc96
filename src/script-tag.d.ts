export declare const subresourceIntegrity: (content: string | Uint8Array) => string;
export declare const scriptTag: (tag: { src: string; integrity: string; config: string }) => string;
