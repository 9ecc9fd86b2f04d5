/** What other features may use of 群发; everything else in this folder is internal (nothing yet). */
export {};
