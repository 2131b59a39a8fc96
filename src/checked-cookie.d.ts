export declare const CHECKED_COOKIE: string;
