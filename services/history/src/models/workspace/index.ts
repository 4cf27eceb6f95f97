export { workspaceModel, type WorkspaceDoc, type WorkspaceModel } from './workspace.schema.js';
