import { createBrowserRouter } from "react-router";

import { LoginPage } from "../features/auth/routes/LoginPage";
import { DepartmentsPage } from "../features/departments/routes/DepartmentsPage";
import { UserPage } from "../features/users/routes/UserPage";
import { UsersPage } from "../features/users/routes/UsersPage";
import { AppLayout } from "./AppLayout";
import { HomeRedirect, NotFoundPage } from "./HomeRedirect";
import { RequireSession } from "./RequireSession";

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  {
    path: "/",
    element: (
      <RequireSession kind="user">
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: "users", element: <UsersPage /> },
      { path: "users/:id", element: <UserPage /> },
      { path: "departments", element: <DepartmentsPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
