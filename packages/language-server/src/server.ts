/**
 * The language server: adapts LSP messages to the language services of @attain/rules. It keeps
 * one analysed PlanDocument per open document version, so the diagnostics of an edit and the
 * completion or hover that follow share one parse, and it checks a document only once the admin
 * pauses typing (debounced per document).
 */
import {
  createLanguageServices,
  type LanguageServices,
  PlanDocument,
  semanticTokensLegend,
} from '@attain/rules';
import {
  CodeActionKind,
  type Connection,
  type DiagnosticSeverity,
  type InitializeParams,
  type InitializeResult,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** What a client may set in `initializationOptions`. */
export interface ServerSettings {
  /** Milliseconds without an edit before a document is checked (default 200). */
  debounceMs?: number;
  /** Run the plans' examples in diagnostics (default true). */
  examples?: boolean;
  /** Goal names to complete after `goal`, e.g. read by the client from the API. */
  goals?: { name: string; unit?: string; description?: string }[];
}

/** The server's handle: stop its timers (tests and shutdown). */
export interface PlanLanguageServer {
  dispose(): void;
}

const DEFAULT_DEBOUNCE_MS = 200;

/** Wires the plan language services to `connection` and starts listening. */
export function startServer(connection: Connection): PlanLanguageServer {
  const documents = new TextDocuments(TextDocument);
  const analysed = new Map<string, PlanDocument>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let settings: ServerSettings = {};
  let services: LanguageServices = createLanguageServices();

  /** The analysed document of the open version; a new version starts fresh. */
  const planDocument = (uri: string): PlanDocument | null => {
    const open = documents.get(uri);
    if (!open) return null;
    const text = open.getText();
    let doc = analysed.get(uri);
    if (!doc || doc.text !== text) {
      doc = new PlanDocument(text);
      analysed.set(uri, doc);
    }
    return doc;
  };

  const publish = (uri: string) => {
    timers.delete(uri);
    const open = documents.get(uri);
    const doc = planDocument(uri);
    if (!open || !doc) return;
    const diagnostics = services.diagnostics(doc).map((d) => ({
      ...d,
      severity: d.severity as DiagnosticSeverity,
      relatedInformation: d.relatedInformation?.map((r) => ({
        message: r.message,
        location: { uri, range: r.range },
      })),
    }));
    void connection.sendDiagnostics({ uri, version: open.version, diagnostics });
  };

  const schedule = (uri: string) => {
    const pending = timers.get(uri);
    if (pending) clearTimeout(pending);
    timers.set(
      uri,
      setTimeout(() => publish(uri), settings.debounceMs ?? DEFAULT_DEBOUNCE_MS),
    );
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    settings = (params.initializationOptions as ServerSettings | undefined) ?? {};
    const goals = settings.goals;
    services = createLanguageServices({
      ...(goals && { goals: () => goals }),
      examples: settings.examples ?? true,
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['.', '"', ' '] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: {
          legend: {
            tokenTypes: [...semanticTokensLegend.tokenTypes],
            tokenModifiers: [...semanticTokensLegend.tokenModifiers],
          },
          full: true,
        },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor] },
      },
      serverInfo: { name: 'attain-language-server' },
    };
  });

  documents.onDidOpen((event) => schedule(event.document.uri));
  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    const pending = timers.get(event.document.uri);
    if (pending) clearTimeout(pending);
    timers.delete(event.document.uri);
    analysed.delete(event.document.uri);
    // A closed document's problems leave the editor's problem list.
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  /** Runs `answer` on the request's document; nothing when it is not open. */
  const on =
    <P extends { textDocument: { uri: string } }, R>(empty: R, answer: (doc: PlanDocument, params: P) => R) =>
    (params: P): R => {
      const doc = planDocument(params.textDocument.uri);
      return doc ? answer(doc, params) : empty;
    };

  connection.onCompletion(on([], (doc, p) => services.completion(doc, p.position)));
  connection.onHover(
    on(null, (doc, p) => {
      const hover = services.hover(doc, p.position);
      return hover && { contents: { kind: 'markdown' as const, value: hover.contents }, range: hover.range };
    }),
  );
  connection.onDefinition(
    on(null, (doc, p) => {
      const range = services.definition(doc, p.position);
      return range && { uri: p.textDocument.uri, range };
    }),
  );
  connection.onReferences(
    on([], (doc, p) =>
      services
        .references(doc, p.position, p.context.includeDeclaration)
        .map((range) => ({ uri: p.textDocument.uri, range })),
    ),
  );
  connection.onPrepareRename(on(null, (doc, p) => services.prepareRename(doc, p.position)));
  connection.onRenameRequest(
    on(null, (doc, p) => {
      const result = services.rename(doc, p.position, p.newName);
      // The reason reaches the admin: editors show a rename error as a message.
      if ('error' in result) throw new ResponseError(-32803, result.error);
      return { changes: { [p.textDocument.uri]: result.edits } };
    }),
  );
  connection.onDocumentSymbol(on([], (doc) => services.documentSymbols(doc)));
  connection.onFoldingRanges(on([], (doc) => services.foldingRanges(doc)));
  connection.languages.semanticTokens.on(on({ data: [] }, (doc) => services.semanticTokens(doc)));
  connection.onDocumentFormatting(on([], (doc) => services.format(doc)));
  connection.onDocumentRangeFormatting(on([], (doc, p) => services.formatRange(doc, p.range)));
  connection.onCodeAction(
    on([], (doc, p) =>
      services.codeActions(doc, p.range).map((action) => ({
        title: action.title,
        kind: action.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
        ...(action.isPreferred && { isPreferred: true }),
        ...(action.diagnostics && {
          diagnostics: action.diagnostics.map((d) => ({
            range: d.range,
            severity: d.severity as DiagnosticSeverity,
            code: d.code,
            source: d.source,
            message: d.message,
          })),
        }),
        edit: { changes: { [p.textDocument.uri]: action.edits } },
      })),
    ),
  );

  documents.listen(connection);
  connection.listen();
  return {
    dispose() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
