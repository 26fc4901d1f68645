// French and English. English strings are the keys; `fr` maps them to French. The language is
// the user's choice (localStorage), else the browser's (navigator.languages) when we have it,
// else the instance's default (its first `languages` entry), else English.
export const LANGUAGES: [string, string][] = [['en', 'English'], ['fr', 'Français']];

const en: Record<string, string> = {
  'visibility.public': 'Public', 'visibility.unlisted': 'Unlisted', 'visibility.private': 'Followers only',
  'visibility.direct': 'Mentioned people only', 'status.active': 'Active', 'status.pending': 'Pending',
  'status.disabled': 'Disabled', 'status.silenced': 'Silenced', 'status.suspended': 'Suspended',
};

const fr: Record<string, string> = {
  'visibility.public': 'Public', 'visibility.unlisted': 'Non listé', 'visibility.private': 'Abonnés seulement',
  'visibility.direct': 'Personnes mentionnées seulement', 'status.active': 'Actif', 'status.pending': 'En attente',
  'status.disabled': 'Désactivé', 'status.silenced': 'Limité', 'status.suspended': 'Suspendu',
  Accept: 'Accepter', Account: 'Compte', Accounts: 'Comptes', Action: 'Action', Actions: 'Actions', Add: 'Ajouter',
  'Add filter': 'Ajouter le filtre', 'Add media': 'Ajouter un média', 'Add option': 'Ajouter un choix',
  'Add people you follow': 'Ajouter des personnes que vous suivez', Administration: 'Administration',
  'Almost there': 'Presque fini', 'Alt text for {name}': 'Texte alternatif pour {name}',
  'Always mark media as sensitive': 'Toujours marquer les médias comme sensibles', Announcement: 'Annonce',
  Announcements: 'Annonces', Appearance: 'Apparence', 'Approval required': 'Approbation requise', Approve: 'Approuver',
  'Approve followers manually': 'Approuver les abonnés manuellement', 'Assign to me': 'Me l’attribuer',
  'Assigned to {name}': 'Attribué à {name}', 'Audit log': 'Journal d’audit', Avatar: 'Avatar', Back: 'Retour',
  Bio: 'Bio', Block: 'Bloquer', 'Blocked email domains': 'Domaines de courriel bloqués', Bookmark: 'Marque-page',
  Bookmarks: 'Marque-pages', Boost: 'Partager', Bot: 'Robot', 'Cancel request': 'Annuler la demande', Clear: 'Effacer',
  Closed: 'Terminé', 'Content warning': 'Avertissement de contenu', Create: 'Créer', 'Create account': 'Créer un compte',
  'Create invite': 'Créer une invitation', Dark: 'Sombre', 'Default visibility': 'Visibilité par défaut',
  Delete: 'Supprimer', 'Delete this list?': 'Supprimer cette liste ?', 'Delete this post?': 'Supprimer ce message ?',
  Description: 'Description', 'Direct messages': 'Messages privés', Disable: 'Désactiver', Dismiss: 'Fermer',
  'Display name': 'Nom affiché', Domain: 'Domaine', 'Done.': 'Fait.', Draft: 'Brouillon', Duration: 'Durée',
  'Edit profile': 'Modifier le profil', Email: 'Courriel', Enable: 'Réactiver', Expires: 'Expire',
  Favourite: 'Favori', Favourites: 'Favoris', Federated: 'Fédéré', Federation: 'Fédération',
  'Federation is off: this server talks to no other server.': 'La fédération est désactivée : ce serveur ne communique avec aucun autre.',
  'Federation is on.': 'La fédération est activée.', Filters: 'Filtres', Follow: 'Suivre',
  'Follow people to fill your home timeline.': 'Suivez des personnes pour remplir votre fil d’accueil.',
  'Follow requests': 'Demandes d’abonnement', 'Follows you': 'Vous suit', Hashtags: 'Mots-clés', Header: 'Bannière',
  Hide: 'Masquer', Home: 'Accueil', 'I agree to the server rules': 'J’accepte les règles du serveur',
  'In reply': 'En réponse', Instance: 'Instance', 'Invite link': 'Lien d’invitation',
  'Invite only or closed': 'Sur invitation ou fermées', Invites: 'Invitations', Keyword: 'Mot-clé',
  Language: 'Langue', Languages: 'Langues', Light: 'Clair', List: 'Liste', 'List members': 'Membres de la liste',
  Lists: 'Listes', 'Load more': 'Charger plus', 'Loading…': 'Chargement…', Local: 'Local', 'Local only': 'Local seulement',
  Main: 'Principal', 'Manage members': 'Gérer les membres', 'Max uses': 'Utilisations max.',
  'Maximum post length': 'Longueur maximale d’un message', 'Multiple choices': 'Choix multiples', Mute: 'Masquer',
  Never: 'Jamais', 'New list': 'Nouvelle liste', 'New post': 'Nouveau message', 'No conversations.': 'Aucune conversation.',
  'No limit': 'Sans limite', 'No notifications.': 'Aucune notification.',
  'No pending follow requests.': 'Aucune demande d’abonnement en attente.', 'No reports.': 'Aucun signalement.',
  'No results.': 'Aucun résultat.', 'Nobody is waiting.': 'Personne n’attend.', 'Nothing here yet.': 'Rien pour l’instant.',
  Notifications: 'Notifications', Open: 'Ouvertes', 'Option {n}': 'Choix {n}', 'Page not found.': 'Page introuvable.',
  Password: 'Mot de passe',
  'Password changes and authorised apps are managed by the server administrator (no client API yet).':
    'Les changements de mot de passe et les applications autorisées sont gérés par l’administrateur du serveur (pas encore d’API client).',
  'Pending sign-ups': 'Inscriptions en attente', People: 'Personnes', 'People, hashtags, posts': 'Personnes, mots-clés, messages',
  Poll: 'Sondage', Post: 'Message', 'Posted.': 'Publié.', 'Posting defaults': 'Publication par défaut', Posts: 'Messages',
  Profile: 'Profil', Publish: 'Publier', 'Publish at': 'Publier le', Published: 'Publiée', 'React with {e}': 'Réagir avec {e}',
  Reason: 'Motif', Registrations: 'Inscriptions', Reject: 'Refuser', Remove: 'Retirer', 'Remove option': 'Retirer un choix',
  Reopen: 'Rouvrir', Replies: 'Réponses', Reply: 'Répondre', Reports: 'Signalements', Resolve: 'Résoudre', Resolved: 'Résolus',
  Save: 'Enregistrer', 'Saved.': 'Enregistré.', Schedule: 'Programmer', 'Scheduled.': 'Programmé.', Search: 'Rechercher',
  Settings: 'Paramètres', 'Show less': 'Afficher moins', 'Show more': 'Afficher plus', 'Sign in': 'Se connecter',
  'Sign out': 'Se déconnecter', 'Sign up': 'S’inscrire', 'Sign-in was cancelled.': 'La connexion a été annulée.',
  'Sign-up needs an invite link on this server.': 'L’inscription sur ce serveur nécessite un lien d’invitation.',
  'Signing in…': 'Connexion…', Silence: 'Limiter', 'Skip to content': 'Aller au contenu', State: 'État', Status: 'Statut',
  Suspend: 'Suspendre', System: 'Système', Target: 'Cible', Text: 'Texte',
  'The federation mode and the allowed and blocked server domains are set in the configuration file or with `parloir admin domain allow|block` (no admin API yet).':
    'Le mode de fédération et les domaines autorisés ou bloqués se règlent dans le fichier de configuration ou avec `parloir admin domain allow|block` (pas encore d’API d’administration).',
  Theme: 'Thème',
  'These settings are read-only here: change them in the configuration file (docs/configuration.md).':
    'Ces réglages sont en lecture seule ici : modifiez-les dans le fichier de configuration (docs/configuration.md).',
  'This is a bot account': 'Ce compte est un robot', Title: 'Titre', Unassign: 'Désattribuer', Unassigned: 'Non attribué',
  Unblock: 'Débloquer', Unfollow: 'Ne plus suivre', Unmute: 'Ne plus masquer', Unpublish: 'Dépublier',
  Unsilence: 'Ne plus limiter', Unsuspend: 'Lever la suspension', 'Uploading…': 'Envoi…', Username: 'Nom d’utilisateur',
  'View account': 'Voir le compte', Visibility: 'Visibilité', Vote: 'Voter', Warn: 'Avertir',
  'What is on your mind?': 'Qu’avez-vous en tête ?', When: 'Quand', Who: 'Qui',
  'Why do you want to join?': 'Pourquoi voulez-vous nous rejoindre ?',
  'Write a post with the visibility “Mentioned people only” to start a conversation.':
    'Écrivez un message visible par les « Personnes mentionnées seulement » pour commencer une conversation.',
  'You were invited to join {title}.': 'Vous êtes invité·e à rejoindre {title}.',
  'Your account is waiting for approval by a moderator. You can sign in once it is approved.':
    'Votre compte attend l’approbation d’un modérateur. Vous pourrez vous connecter une fois approuvé.',
  'Your reply': 'Votre réponse', 'expires {d}': 'expire le {d}', '{a} reported {b}': '{a} a signalé {b}',
  '{name} boosted': '{name} a partagé', '{n} characters left': '{n} caractères restants', '{n} d': '{n} j', '{n} h': '{n} h',
  '{n} min': '{n} min', '{n} followers': '{n} abonnés', '{n} following': '{n} abonnements', '{n} posts': '{n} messages',
  '{n} unread': '{n} non lues', '{n} uses': '{n} utilisations', '{n} votes': '{n} votes', '{n}h': '{n} h', '{n}m': '{n} min',
  '{n}s': '{n} s', '{n} new post': '{n} nouveau message', '{n} new posts': '{n} nouveaux messages',
  '{name} approved.': '{name} approuvé·e.', '{name} rejected.': '{name} refusé·e.',
  '{name} mentioned you': '{name} vous a mentionné·e', '{name} favourited your post': '{name} a ajouté votre message à ses favoris',
  '{name} boosted your post': '{name} a partagé votre message', '{name} followed you': '{name} vous suit',
  '{name} asked to follow you': '{name} demande à vous suivre', 'A poll has ended': 'Un sondage est terminé',
  '{name} posted': '{name} a publié', '{name} edited a post': '{name} a modifié un message',
  '{name} signed up': '{name} s’est inscrit·e', 'Filtered post': 'Message filtré',
  'Filtered: {title}': 'Filtré : {title}', 'Show anyway': 'Afficher quand même', 'Scheduled posts': 'Messages programmés', '{name} filed a report': '{name} a fait un signalement',
};

let current = 'en';

export function setLanguage(lang: string) {
  current = lang === 'fr' ? 'fr' : 'en';
  document.documentElement.lang = current;
}
export function language() { return current; }

export function chooseLanguage(instanceLanguages: string[]): string {
  const saved = localStorage.getItem('parloir.lang');
  if (saved === 'fr' || saved === 'en') return saved;
  for (const l of navigator.languages || [navigator.language]) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  const def = (instanceLanguages[0] || 'en').toLowerCase();
  return def === 'fr' ? 'fr' : 'en';
}

// Translates `key` and fills {placeholders}.
export function t(key: string, vars?: Record<string, string | number>): string {
  let s = (current === 'fr' ? fr[key] : en[key]) ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// Singular or plural by count (French treats 0 and 1 as singular).
export function tn(one: string, other: string, n: number): string {
  const singular = current === 'fr' ? n <= 1 : n === 1;
  return t(singular ? one : other, { n });
}
